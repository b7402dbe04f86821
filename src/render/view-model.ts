import { markingFor } from '../config/markings.ts';
import { inkOnWhite, relativeLuminance, rgbOf } from '../guard/css.ts';
import type { ResolvedConfig } from '../config/schema.ts';
import type { Book, Chapter, Part } from '../model/book.ts';
import { openedBy } from '../model/parts.ts';
import { say } from './wording/wording.ts';

/** A marking as the templates show it: label, banner colour and a readable text colour. */
export interface MarkingView {
  label: string;
  background: string;
  foreground: string;
  /** The colour its label is printed in on the white page margin: its own, or a darker shade. */
  ink: string;
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
  /** Its title is its opening chapter's, linked (the chapter is not listed again inside). */
  linked: boolean;
  /** The reader is on that opening chapter. */
  current: boolean;
  /** That chapter's number, when it is linked. */
  number: number | '';
}

/**
 * Above this many chapters the sidebar lists the chapters of the reader's own part only,
 * other parts by their title: 800 chapters on each of 800 pages would make every page a
 * long scroll and the build quadratic.
 */
export const NAV_COLLAPSE_ABOVE = 60;

/**
 * In a big handbook, a list longer than this (a part of 500 chapters, or 500 chapters
 * with no parts) is cut into groups of this many ("Chapters 101–150"), groups of groups
 * beyond that: every page lists a bounded number of entries, so the edition grows in
 * step with the number of chapters.
 */
export const NAV_GROUP = 50;

/** A node of the whole contents tree, with the reading positions it spans. */
type NavNode =
  | { kind: 'chapter'; chapter: Chapter; index: number }
  | {
      kind: 'part';
      /** The part itself; groups of a long list have none. */
      part?: Part;
      title: string;
      summary: string;
      first: number;
      last: number;
      children: NavNode[];
    };

/**
 * The navigation tree: parts (folders) holding chapters, in reading order. Without
 * `currentId`, all of it (the title page's contents); with it, the sidebar of that page.
 */
export function navigation(book: Book, currentId?: string): NavItem[] {
  return navigator(book)(currentId);
}

/** The sidebar of every page, from one tree built once: each page's costs only what it shows. */
export function navigator(book: Book): (currentId?: string) => NavItem[] {
  const numbers = chapterNumbers(book);
  const tree = navTree(book);
  const positions = new Map(book.chapters.map((c, i) => [c.id, i]));
  const collapse = book.chapters.length > NAV_COLLAPSE_ABOVE;
  const grouped = collapse ? groupLevels(tree, numbers, book.config.words.chapterRange) : tree;
  const view = (nodes: NavNode[], current: number | undefined, page: boolean): NavItem[] =>
    nodes.map((node): NavItem => {
      if (node.kind === 'chapter') {
        const { chapter } = node;
        return {
          part: false,
          chapter: chapterLink(chapter, numbers.get(chapter.id)!, node.index === current),
        };
      }
      const open =
        !page ||
        !collapse ||
        (current !== undefined && current >= node.first && current <= node.last);
      const head = node.children[0];
      const opener =
        head?.kind === 'chapter' && node.part && openedBy(node.part, head.chapter)
          ? head
          : undefined;
      const rest = opener ? node.children.slice(1) : node.children;
      return {
        part: {
          title: opener ? opener.chapter.title : node.title,
          summary: node.summary,
          items: open ? view(rest, current, page) : [],
          collapsed: !open,
          href: `${book.chapters[node.first]!.id}.html`,
          linked: opener !== undefined,
          current: opener !== undefined && opener.index === current,
          number: opener ? numbers.get(opener.chapter.id)! : '',
        },
        chapter: false,
      };
    });
  return (currentId) =>
    currentId === undefined
      ? view(tree, undefined, false)
      : view(grouped, positions.get(currentId), true);
}

/** Parts and chapters as a tree in reading order; parts without chapters are left out. */
function navTree(book: Book): NavNode[] {
  const top: NavNode[] = [];
  const byPath = new Map(book.parts.map((p) => [p.path, p]));
  const nodes = new Map<string, NavNode & { kind: 'part' }>();
  const listFor = (partPath: string | undefined, index: number): NavNode[] => {
    const part = partPath === undefined ? undefined : byPath.get(partPath);
    if (!part) return top;
    let node = nodes.get(part.path);
    if (!node) {
      node = {
        kind: 'part',
        part,
        title: part.title,
        summary: part.summary ?? '',
        first: index,
        last: index,
        children: [],
      };
      nodes.set(part.path, node);
      listFor(part.parent, index).push(node);
    }
    return node.children;
  };
  book.chapters.forEach((chapter, index) => {
    listFor(chapter.part, index).push({ kind: 'chapter', chapter, index });
    for (let p = chapter.part; p !== undefined; p = byPath.get(p)?.parent) {
      const node = nodes.get(p);
      if (node) node.last = index;
    }
  });
  return top;
}

/** Every level longer than NAV_GROUP cut into groups (and groups of groups). */
function groupLevels(nodes: NavNode[], numbers: Map<string, number>, range: string): NavNode[] {
  const inner = nodes.map((node) =>
    node.kind === 'part' ? { ...node, children: groupLevels(node.children, numbers, range) } : node,
  );
  let level = inner;
  while (level.length > NAV_GROUP) {
    const groups: NavNode[] = [];
    for (let i = 0; i < level.length; i += NAV_GROUP) {
      const children = level.slice(i, i + NAV_GROUP);
      const first = firstIndex(children[0]!);
      const last = lastIndex(children[children.length - 1]!);
      groups.push({
        kind: 'part',
        title: groupTitle(children, numbers, range),
        summary: '',
        first,
        last,
        children,
      });
    }
    level = groups;
  }
  return level;
}

function firstIndex(node: NavNode): number {
  return node.kind === 'chapter' ? node.index : node.first;
}

function lastIndex(node: NavNode): number {
  return node.kind === 'chapter' ? node.index : node.last;
}

/** "Chapters 101–150", after the chapters a group spans. */
function groupTitle(children: NavNode[], numbers: Map<string, number>, range: string): string {
  const number = (node: NavNode, end: 'first' | 'last'): number | undefined => {
    if (node.kind === 'chapter') return numbers.get(node.chapter.id);
    const edge = end === 'first' ? node.children[0] : node.children[node.children.length - 1];
    return edge ? number(edge, end) : undefined;
  };
  return say(range, {
    first: number(children[0]!, 'first') ?? '',
    last: number(children[children.length - 1]!, 'last') ?? '',
  });
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

/** A marking as the pages show it; none at all when the handbook declares no markings. */
export function markingView(config: ResolvedConfig, label: string): MarkingView | undefined {
  if (!config.marked) return undefined;
  const marking = markingFor(config.markings, label);
  const background = marking.color ?? '#3b3b3b';
  return {
    label: marking.label,
    background,
    foreground: readableOn(background),
    ink: inkOnWhite(background),
  };
}

/** Black or white, whichever reads better on `color` (white when it cannot be read). */
export function readableOn(color: string): string {
  const rgb = rgbOf(color);
  if (!rgb) return '#ffffff';
  const luminance = relativeLuminance(rgb);
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

/** "Draft of 2026-12-01, 9ef378a": when and from what a draft was built. */
export function draftNotice(book: Book): string {
  const { date, commit } = book.draft!;
  return say(book.config.words.draftNotice, {
    date: formatDate(date, book.config.language),
    commit: commit ?? '',
  }).replace(/[,、，]\s*$|\s*\(\s*\)$/u, '');
}
