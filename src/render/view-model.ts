import { markingFor } from '../config/markings.ts';
import { rgbOf } from '../guard/css.ts';
import type { Marking } from '../config/schema.ts';
import type { Book, Chapter, Part } from '../model/book.ts';

/** A marking as the templates show it: label, banner colour and a readable text colour. */
export interface MarkingView {
  label: string;
  background: string;
  foreground: string;
}

export interface ChapterLink {
  number: number;
  title: string;
  href: string;
  summary: string;
  current: boolean;
  sections: { id: string; text: string }[];
}

// Every optional field is present (possibly empty): Mustache looks a missing key up in the
// enclosing contexts, so a chapter without a summary would show its part's.
// Each item names both keys for the same reason: a missing `part` would be found on the
// enclosing part and recurse for ever.
export type NavItem = { part: PartLink; chapter: false } | { part: false; chapter: ChapterLink };

/** Data every page shares: the handbook's identity and its navigation. */
export function handbookView(book: Book) {
  const { config } = book;
  return {
    lang: config.language,
    title: config.title,
    subtitle: config.subtitle,
    organisation: config.organisation,
    edition: config.edition,
    version: config.version,
    date: config.date ? formatDate(config.date, config.language) : undefined,
    notice: config.notice,
    authors: config.authors.map((a) => ({ name: a.name, role: a.role ?? '' })),
    authorList: config.authors.map((a) => a.name).join(', '),
  };
}

/** Chapter numbers in reading order, 1-based. */
export function chapterNumbers(book: Book): Map<string, number> {
  return new Map(book.chapters.map((c, i) => [c.id, i + 1]));
}

export interface PartLink {
  title: string;
  summary: string;
  items: NavItem[];
  /** Shown as a link to its first chapter only (big books, parts the reader is not in). */
  collapsed: boolean;
  href: string;
}

/**
 * Above this many chapters the sidebar lists the chapters of the reader's own part only,
 * other parts by their title: 800 chapters on each of 800 pages would make every page a
 * long scroll and the build quadratic.
 */
export const NAV_COLLAPSE_ABOVE = 60;

/** The navigation tree: parts (folders) holding chapters, in reading order. */
export function navigation(book: Book, currentId?: string): NavItem[] {
  const collapse = currentId !== undefined && book.chapters.length > NAV_COLLAPSE_ABOVE;
  const current = book.chapters.find((c) => c.id === currentId);
  const open = new Set<string>();
  for (
    let p = book.parts.find((x) => x.path === current?.part);
    p;
    p = book.parts.find((x) => x.path === p!.parent)
  ) {
    open.add(p.path);
  }
  const numbers = chapterNumbers(book);
  const parts = new Map<string, { part: Part; items: NavItem[] }>(
    book.parts.map((p) => [p.path, { part: p, items: [] }]),
  );
  const top: NavItem[] = [];
  const placed = new Set<string>();
  const listFor = (partPath?: string): NavItem[] => {
    if (!partPath) return top;
    const entry = parts.get(partPath);
    if (!entry) return top;
    if (!placed.has(partPath)) {
      placed.add(partPath);
      const { part } = entry;
      const first = book.chapters.find(
        (c) => c.part === part.path || c.part?.startsWith(`${part.path}/`),
      );
      listFor(part.parent).push({
        part: {
          title: part.title,
          summary: part.summary ?? '',
          items: entry.items,
          collapsed: collapse && !open.has(part.path),
          href: first ? `${first.id}.html` : 'index.html',
        },
        chapter: false,
      });
    }
    return entry.items;
  };
  for (const chapter of book.chapters) {
    const list = listFor(chapter.part);
    if (collapse && chapter.part && !open.has(chapter.part)) continue;
    list.push({
      part: false,
      chapter: chapterLink(chapter, numbers.get(chapter.id)!, chapter.id === currentId),
    });
  }
  return top;
}

function chapterLink(chapter: Chapter, number: number, current: boolean): ChapterLink {
  return {
    number,
    title: chapter.title,
    href: `${chapter.id}.html`,
    summary: chapter.summary ?? '',
    current,
    sections: current
      ? chapter.headings.filter((h) => h.depth === 2).map(({ id, text }) => ({ id, text }))
      : [],
  };
}

export function markingView(markings: Marking[], label: string): MarkingView {
  const marking = markingFor(markings, label);
  const background = marking.color ?? '#3b3b3b';
  return { label: marking.label, background, foreground: readableOn(background) };
}

/** Black or white, whichever reads better on `color` (white when it cannot be read). */
export function readableOn(color: string): string {
  const rgb = rgbOf(color);
  if (!rgb) return '#ffffff';
  const [r, g, b] = rgb
    .map((c) => c / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  // Contrast against white vs. against black; pick the larger.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** "2026-11-24" → "24 November 2026" in the handbook's language; the date never shifts by zone. */
export function formatDate(iso: string, language: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  try {
    return new Intl.DateTimeFormat(language, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(date);
  } catch {
    return iso;
  }
}
