import { TOOL_NAMES } from '../load/formats/format.ts';
import type { Book } from '../model/book.ts';

/**
 * One short paragraph saying what was recognised of a handbook written for another tool:
 * "Read as an mdBook: book.toml, src/SUMMARY.md — 31 chapters in 6 parts; 12 includes;
 * 4 links left as text; preprocessor links (…) is not run." Nothing for our own.
 */
export function originSummary(book: Book): string | undefined {
  const { origin } = book;
  if (origin.tool === 'handbook') return undefined;
  const counts = origin.counts ?? {};
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const found = [
    `${plural(book.chapters.length, 'chapter')}${book.parts.length ? ` in ${plural(book.parts.length, 'part')}` : ''}`,
    counts.includes ? plural(counts.includes, 'include') : '',
    counts.shortcodes ? plural(counts.shortcodes, 'template tag', 'template tags') + ' read' : '',
    counts.admonitions ? plural(counts.admonitions, 'admonition') : '',
    counts.templateLinks ? plural(counts.templateLinks, 'template link') : '',
    counts.linksAsText ? plural(counts.linksAsText, 'link') + ' left as text' : '',
    origin.drafts ? plural(origin.drafts, 'draft entry', 'draft entries') + ' not built' : '',
    origin.unlisted ? plural(origin.unlisted, 'file') + ' not in the contents, left out' : '',
  ].filter(Boolean);
  const files = origin.files.length ? `: ${origin.files.join(', ')}` : '';
  const said = origin.notes.join('; ');
  const notes = said ? ` ${said[0]!.toUpperCase()}${said.slice(1)}.` : '';
  return `Read as ${TOOL_NAMES[origin.tool]}${files} — ${found.join('; ')}.${notes}`;
}
