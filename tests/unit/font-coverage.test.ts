import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseUnicodeRange } from '../../src/render/fonts.ts';
import { GlyphCoverage } from '../../src/render/glyph-coverage.ts';

const require = createRequire(import.meta.url);
const serifLatin =
  require.resolve('@fontsource/source-serif-4/files/source-serif-4-latin-400-normal.woff2');
const serifCyrillic =
  require.resolve('@fontsource/source-serif-4/files/source-serif-4-cyrillic-400-normal.woff2');
const cp = (char: string) => char.codePointAt(0)!;

describe('parseUnicodeRange', () => {
  it('reads single points, ranges and wildcards', () => {
    expect(parseUnicodeRange('U+0000-00FF, U+0131,U+4??')).toEqual([
      [0x0000, 0x00ff],
      [0x0131, 0x0131],
      [0x0400, 0x04ff],
    ]);
  });
});

describe('GlyphCoverage', () => {
  const latinRange = parseUnicodeRange('U+0000-00FF,U+2000-206F');

  it('answers from the font itself, not from the range it declares', () => {
    const glyphs = new GlyphCoverage([{ source: serifLatin, ranges: latinRange }]);
    expect(glyphs.has(cp('A'))).toBe(true);
    expect(glyphs.has(cp('\u2019'))).toBe(true); // ’ is in the range and in the font
    expect(glyphs.has(0x2010)).toBe(false); // ‐ is in the range, not in the font
    expect(glyphs.has(cp('Д'))).toBe(false); // outside the range
  });

  it('asks each face whose range holds the character', () => {
    const glyphs = new GlyphCoverage([
      { source: serifLatin, ranges: latinRange },
      { source: serifCyrillic, ranges: parseUnicodeRange('U+0400-045F') },
    ]);
    expect(glyphs.has(cp('Д'))).toBe(true);
    expect(glyphs.has(cp('中'))).toBe(false);
  });

  it('asks a face without a range about any character', () => {
    expect(new GlyphCoverage([{ source: serifCyrillic }]).has(cp('Д'))).toBe(true);
  });
});
