import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SignedStore } from '../../src/cache/signed-store.ts';
import { checkFontCoverage } from '../../src/check/font-coverage.ts';
import { parseUnicodeRange } from '../../src/render/fonts.ts';
import { usedCodePoints } from '../../src/render/used-characters.ts';
import { GlyphCoverage } from '../../src/render/glyph-coverage.ts';
import { Diagnostics } from '../../src/report/diagnostics.ts';
import { messageLines, tempDir, transformChapter } from '../helpers.ts';

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

describe("the fonts' character sets kept between builds", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const done of cleanups) await done();
  });

  it('gives the same warnings from the cache as from the fonts, and ignores a bad entry', async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    const { book } = await transformChapter(
      temp.dir,
      'Quotes \u2019 and dashes \u2014 print, \u{1F600} does not.\n\nCyrillic: \u0414.\n',
    );
    const store = SignedStore.open(path.join(temp.dir, 'cache'))!;
    const check = async () => {
      const diagnostics = new Diagnostics(book!.root);
      await checkFontCoverage(book!, diagnostics, store);
      return messageLines(diagnostics);
    };
    const fromFonts = await check();
    expect(fromFonts).toEqual([
      expect.stringMatching(
        /01-chapter\.md:5:\d+ warning missing-glyph `\u{1F600}` \(U\+1F600\) is in no font/u,
      ),
    ]);
    const keptKeys = async () =>
      (await readdir(path.join(temp.dir, 'cache', 'glyphs'), { recursive: true }))
        .filter((name) => name.endsWith('.json'))
        .map((name) => path.basename(name, '.json'));
    expect((await keptKeys()).length).toBeGreaterThan(0);
    expect(await check()).toEqual(fromFonts);
    // The sets come from the cache: with every face the check opens kept as empty (each
    // round opens the next face that may hold a character), every character is missing …
    for (let known = 0; known < (await keptKeys()).length;) {
      const keys = await keptKeys();
      known = keys.length;
      for (const key of keys) await store.put('glyphs', key, []);
      await check();
    }
    expect((await check())[0]).toMatch(/`\u2019` \(U\+2019\), `\u2014` \(U\+2014\), `\u{1F600}`/u);
    // … and an entry that is no list of code points is not used: the fonts are read again.
    for (const key of await keptKeys()) await store.put('glyphs', key, 'everything');
    expect(await check()).toEqual(fromFonts);
  });
});

describe('usedCodePoints', () => {
  it('holds ASCII, the tool’s own characters and every character past ASCII, astral ones whole', async () => {
    const temp = await tempDir();
    const { book } = await transformChapter(
      temp.dir,
      'Plain text, then été, Ωmega, 東京 and 😀 with a combining e\u0301.',
      'Ärger',
    );
    const used = usedCodePoints(book!);
    for (const char of ['a', '~', ' ', 'é', 'Ω', '東', '京', '😀', '\u0301', 'Ä', '↩', '\u00a0'])
      expect(used.has(cp(char)), char).toBe(true);
    // A surrogate half is no character of its own, and nothing else slipped in.
    expect(used.has(0xd83d)).toBe(false);
    expect(used.has(cp('ж'))).toBe(false);
    await temp.done();
  });
});
