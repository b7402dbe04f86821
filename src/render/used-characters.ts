import type { Book } from '../model/book.ts';
import { formatDate } from './view-model.ts';
import { languageName } from './wording/wording.ts';

/** The ASCII range: every edition has it (page numbers, the tool's own markup and search box). */
const ASCII: [number, number] = [0x20, 0x7e];
/** What the tool itself writes besides words: separators, the footnote back-link, the icons. */
const OWN = '·–—…↩◐☰“”‘’«»\u00a0';

/**
 * Every character an edition may show: its chapters, its config (titles, notices,
 * markings, revisions), the tool's own words, its dates as the language writes them and
 * the names of the other editions' languages. The fonts are chosen by it.
 */
export function usedCodePoints(book: Book): Set<number> {
  const { config } = book;
  const texts = [
    JSON.stringify(config),
    ...book.chapters.map((c) => c.source),
    ...book.parts.map((p) => `${p.title} ${p.summary ?? ''}`),
    ...[config.date, ...config.revisions.map((r) => r.date)]
      .filter((d): d is string => d !== undefined)
      .map((d) => formatDate(d, config.language)),
    ...(book.edition?.all ?? []).map((e) => languageName(e.language)),
    OWN,
  ];
  const used = new Set<number>();
  for (let c = ASCII[0]; c <= ASCII[1]; c++) used.add(c);
  // Only what lies past ASCII is looked at, by a regular expression: walking every
  // character of a 200-chapter handbook one by one took 0.13 s of the print's start.
  for (const text of texts)
    for (const [char] of text.matchAll(/[^\x20-\x7e]/gu)) used.add(char.codePointAt(0)!);
  return used;
}

/** The languages an edition's text is in: its own and its chapters' where they differ. */
export function usedLanguages(book: Book): string[] {
  return [
    book.config.language,
    ...book.chapters.flatMap((c) => (c.lang ? [c.lang] : [])),
    ...(book.edition?.all ?? []).map((e) => e.language),
  ];
}
