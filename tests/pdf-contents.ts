import type { Book } from '../src/model/book.ts';
import type { ReadPdf } from './pdf-reader.ts';

/** Body pages start at the page labelled "1". */
export function frontCount(pdf: ReadPdf): number {
  return pdf.pages.findIndex((p) => p.label === '1');
}

/** The first page, from `from` on, where `text` is a line of its own (or wraps over up to three). */
export function pageWithLine(pdf: ReadPdf, text: string, from = 0): number {
  return pdf.pages.findIndex(
    (p) =>
      p.index >= from &&
      p.lines.some((_, i) =>
        [1, 2, 3].some(
          (n) =>
            p.lines
              .slice(i, i + n)
              .map((l) => l.text)
              .join(' ') === text,
        ),
      ),
  );
}

/** Every entry a reader expects in the contents: chapters, and sections to depth 2. */
export function expectedEntries(book: Book) {
  const entries: { title: string; chapter: number; depth: number }[] = [];
  book.chapters.forEach((chapter, i) => {
    entries.push({ title: chapter.title, chapter: i, depth: 1 });
    for (const h of chapter.headings)
      if (h.depth === 2) entries.push({ title: h.text, chapter: i, depth: 2 });
  });
  return entries;
}

/** Where each contents entry says it is, and where its heading really is. */
export function checkContents(pdf: ReadPdf, book: Book) {
  const front = frontCount(pdf);
  const tocLines = pdf.pages.slice(0, front).flatMap((p) => p.lines.map((l) => l.text));
  const problems: string[] = [];
  let chapterStart = front;
  let at = 0;
  for (const entry of expectedEntries(book)) {
    if (entry.depth === 1) chapterStart = pageWithLine(pdf, entry.title, front);
    const actual = pageWithLine(pdf, entry.title, chapterStart);
    // Entries are read in order, so a title used in several chapters ("Outcomes") matches its own.
    const found = tocLines.findIndex(
      (l, i) => i >= at && l.replace(/^\d+ /, '').startsWith(entry.title) && /\s\d+$/.test(l),
    );
    if (found >= 0) at = found + 1;
    const printed = found >= 0 ? /(\d+)$/.exec(tocLines[found]!)![1] : undefined;
    if (actual < 0 || printed !== pdf.pages[actual]!.label) {
      problems.push(
        `${entry.title}: contents say ${printed}, heading is on ${actual < 0 ? 'no page' : pdf.pages[actual]!.label}`,
      );
    }
  }
  return problems;
}
