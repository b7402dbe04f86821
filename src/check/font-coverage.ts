import path from 'node:path';
import { location } from 'vfile-location';
import type { Book } from '../model/book.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { addWarning } from '../report/messages.ts';
import { themeFonts } from '../render/fonts.ts';
import { GlyphCoverage } from '../render/glyph-coverage.ts';
import { resolveTheme } from '../render/theme.ts';

/** Characters that draw nothing of their own: joiners, variation selectors, marks of direction. */
const INVISIBLE = /^[\p{Cf}\p{Cc}\p{Zs}\p{Zl}\p{Zp}\p{Variation_Selector}]$/u;
/** How many of the missing characters a message names. */
const NAMED = 3;

/**
 * Characters that none of the theme's fonts has: Chromium draws them with whatever font
 * the machine happens to have (or as empty boxes), so the editions look different from
 * one machine to the next. One warning per chapter, at the first such character.
 */
export async function checkFontCoverage(book: Book, diagnostics: Diagnostics): Promise<void> {
  const fonts = await themeFonts(resolveTheme(book.root, book.config.theme), book.root);
  const glyphs = new GlyphCoverage(fonts.faces);
  const isCovered = (char: string) => INVISIBLE.test(char) || glyphs.has(char.codePointAt(0)!);
  for (const chapter of book.chapters) {
    const missing = new Map<string, number>();
    for (const match of chapter.source.matchAll(/[^\t\n\r -~]/gu)) {
      const char = match[0];
      if (!missing.has(char) && !isCovered(char)) missing.set(char, match.index);
    }
    if (missing.size === 0) continue;
    const file = diagnostics.file(path.join(book.root, chapter.path), chapter.source);
    const [first] = missing.values();
    const named = [...missing.keys()]
      .slice(0, NAMED)
      .map((c) => `\`${c}\` (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
      .join(', ');
    const more = missing.size > NAMED ? ` and ${missing.size - NAMED} more` : '';
    addWarning(
      file,
      `${named}${more} ${missing.size === 1 ? 'is in no font of the theme: it prints' : 'are in no font of the theme: they print'} in whatever font the machine has, or as boxes; add a @fontsource package for them to theme.json`,
      location(chapter.source).toPoint(first!),
      'missing-glyph',
    );
  }
}
