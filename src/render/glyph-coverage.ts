import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import type { BundledFace, CodePointRange } from './fonts.ts';

/**
 * Which characters the bundled fonts can draw. A face's `unicode-range` says only which
 * characters it may have (fontsource's latin subset declares U+2000-206F, yet has no
 * U+2010 hyphen), so the answer comes from the font's own character map, read with
 * fontkit, and only for faces whose range holds the character: a handbook in plain
 * English opens one or two files.
 */
export class GlyphCoverage {
  private readonly maps = new Map<string, Set<number>>();
  private readonly known = new Map<number, boolean>();

  constructor(private readonly faces: BundledFace[]) {}

  has(codePoint: number): boolean {
    let found = this.known.get(codePoint);
    if (found === undefined) {
      found = this.faces.some(
        (face) =>
          (!face.ranges || inRanges(face.ranges, codePoint)) &&
          this.characterMap(face.source).has(codePoint),
      );
      this.known.set(codePoint, found);
    }
    return found;
  }

  private characterMap(source: string): Set<number> {
    let map = this.maps.get(source);
    if (!map) {
      const font = fontkit.create(readFileSync(source));
      // A collection (.ttc) has no character set of its own: count it as covering nothing.
      map = new Set('characterSet' in font ? font.characterSet : []);
      this.maps.set(source, map);
    }
    return map;
  }
}

function inRanges(ranges: CodePointRange[], codePoint: number): boolean {
  return ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}
