import path from 'node:path';
import { location } from 'vfile-location';
import type { Book } from '../model/book.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { addWarning } from '../report/messages.ts';
import { themeFonts } from '../render/fonts.ts';
import { GlyphCoverage, mayHold } from '../render/glyph-coverage.ts';
import { CharacterSets } from '../cache/character-sets.ts';
import type { SignedStore } from '../cache/signed-store.ts';
import { resolveTheme } from '../render/theme.ts';

/** Characters that draw nothing of their own: joiners, variation selectors, marks of direction. */
const INVISIBLE = /^[\p{Cf}\p{Cc}\p{Zs}\p{Zl}\p{Zp}\p{Variation_Selector}]$/u;
/** How many of the missing characters a message names. */
const NAMED = 3;

/**
 * Characters that none of the theme's fonts has: Chromium draws them with whatever font
 * the machine happens to have (or as empty boxes), so the editions look different from
 * one machine to the next. One warning per chapter, at the first such character. With a
 * `store`, the fonts' character sets are kept between builds.
 */
export async function checkFontCoverage(
  book: Book,
  diagnostics: Diagnostics,
  store?: SignedStore,
): Promise<void> {
  const fonts = await themeFonts(resolveTheme(book.root, book.config.theme), book.root);
  // Each chapter's characters past ASCII, at their first place; then every font the
  // handbook may need is opened once (or found in the cache).
  const used = book.chapters.map((chapter) => {
    const first = new Map<string, number>();
    for (const match of chapter.source.matchAll(/[^\t\n\r -~]/gu))
      if (!first.has(match[0])) first.set(match[0], match.index);
    return first;
  });
  const points = new Set(used.flatMap((first) => [...first.keys()].map((c) => c.codePointAt(0)!)));
  const needed = fonts.faces
    .filter((face) => [...points].some((point) => mayHold(face, point)))
    .map((face) => face.source);
  const sets = store ? new CharacterSets(store) : undefined;
  const glyphs = new GlyphCoverage(fonts.faces, await sets?.recall(needed));
  const isCovered = (char: string) => INVISIBLE.test(char) || glyphs.has(char.codePointAt(0)!);
  book.chapters.forEach((chapter, i) => {
    const missing = [...used[i]!].filter(([char]) => !isCovered(char));
    if (missing.length === 0) return;
    const file = diagnostics.file(path.join(book.root, chapter.path), chapter.source);
    const named = missing
      .slice(0, NAMED)
      .map(([c]) => `\`${c}\` (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
      .join(', ');
    const more = missing.length > NAMED ? ` and ${missing.length - NAMED} more` : '';
    addWarning(
      file,
      `${named}${more} ${missing.length === 1 ? 'is in no font of the theme: it prints' : 'are in no font of the theme: they print'} in whatever font the machine has, or as boxes; add a @fontsource package for them to theme.json`,
      location(chapter.source).toPoint(missing[0]![1]),
      'missing-glyph',
    );
  });
  await sets?.keep(glyphs.read);
}
