import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BundledFace, CodePointRange } from './fonts.ts';

type Fontkit = typeof import('fontkit');
/** fontkit takes 0.2 s to load: loaded when a font must be read, which a cache often spares. */
let fontkit: Fontkit | undefined;
const loadFontkit = () => (fontkit ??= createRequire(import.meta.url)('fontkit') as Fontkit);

/**
 * Which characters the bundled fonts can draw. A face's `unicode-range` says only which
 * characters it may have (fontsource's latin subset declares U+2000-206F, yet has no
 * U+2010 hyphen), so the answer comes from the font's own character map, read with
 * fontkit, and only for faces whose range holds the character: a handbook in plain
 * English opens one or two files. `known` holds maps read before (by font file), as
 * `read` gives them back.
 */
export class GlyphCoverage {
  private readonly maps: Map<string, Set<number>>;
  private readonly known = new Map<number, boolean>();
  /** The character maps this coverage read from font files itself. */
  readonly read = new Map<string, Set<number>>();

  constructor(
    private readonly faces: BundledFace[],
    known: Map<string, Set<number>> = new Map(),
  ) {
    this.maps = new Map(known);
  }

  has(codePoint: number): boolean {
    let found = this.known.get(codePoint);
    if (found === undefined) {
      found = this.faces.some(
        (face) => mayHold(face, codePoint) && this.characterMap(face.source).has(codePoint),
      );
      this.known.set(codePoint, found);
    }
    return found;
  }

  private characterMap(source: string): Set<number> {
    let map = this.maps.get(source);
    if (!map) {
      const font = loadFontkit().create(readFileSync(source));
      // A collection (.ttc) has no character set of its own: count it as covering nothing.
      map = new Set('characterSet' in font ? font.characterSet : []);
      this.maps.set(source, map);
      this.read.set(source, map);
    }
    return map;
  }
}

/** Whether a face's declared range holds the character (a face without one may hold any). */
export function mayHold(face: BundledFace, codePoint: number): boolean {
  return !face.ranges || inRanges(face.ranges, codePoint);
}

function inRanges(ranges: CodePointRange[], codePoint: number): boolean {
  return ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}
