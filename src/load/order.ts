import path from 'node:path';
import type { Chapter, Part } from '../model/book.ts';
import type { FoundEntry } from './discover.ts';
import type { TocItem } from './formats/format.ts';
import type { PartMeta } from './part-meta.ts';

/** A chapter as load reads it, before it has its place in the book. */
export interface LoadedChapter extends Chapter {
  entry: FoundEntry;
  order?: number;
}

export interface Ordered {
  parts: Part[];
  chapters: LoadedChapter[];
}

/** A folder's own page, in the order tools look for one. */
const OPENING = ['_index', 'index', 'readme'];

/** The rank of a file name as a folder's own page (lower first), or -1. */
function openingRank(entry: FoundEntry): number {
  const name = path.posix
    .basename(entry.relative)
    .replace(/\.[^.]+$/, '')
    .toLowerCase();
  return OPENING.indexOf(name);
}

/** True for `README.md`, `index.md` and `_index.md`: the page of the folder they are in. */
export function isFolderPage(entry: FoundEntry): boolean {
  return openingRank(entry) >= 0;
}

/**
 * Reading order from the folders: siblings by `order` (or another tool's `weight`,
 * `sidebar_position` …), then `NN-` prefix, then name. A folder is a part, opened by its
 * own page (`_index.md`, `index.md`, `README.md`, or `name.md` beside `name/`), which
 * comes first in it and gives the part its title and place unless `_part.yml` does. A
 * folder holding nothing but its own page (a Hugo page bundle) is that one page. The
 * chapters folder's own page opens the handbook.
 */
export function orderByFolders(
  entries: FoundEntry[],
  chapters: LoadedChapter[],
  metas: Map<string, PartMeta>,
  within = '',
): Ordered {
  // Everything is looked up by folder, once: the order costs no more than the book's size.
  const folders = entries.filter((e) => e.kind === 'part');
  const byParent = groupBy(chapters, (c) => c.entry.parent);
  const foldersByParent = groupBy(folders, (f) => f.parent);
  const count = new Map<string, number>();
  for (const c of chapters) {
    for (let dir = c.entry.parent; dir !== ''; dir = path.posix.dirname(dir).replace(/^\.$/, ''))
      count.set(dir, (count.get(dir) ?? 0) + 1);
  }
  const opening = new Map<string, LoadedChapter>();
  // Only a folder that holds chapters has a page of its own: `files.md` beside a `files/`
  // of attachments stays a chapter where it is.
  for (const folder of [
    { relative: '', parent: '', stem: '' } as FoundEntry,
    ...folders.filter((f) => count.get(f.relative)),
  ]) {
    const own = (byParent.get(folder.relative) ?? [])
      .filter((c) => isFolderPage(c.entry))
      .sort((a, b) => openingRank(a.entry) - openingRank(b.entry))[0];
    const beside = folder.relative
      ? (byParent.get(folder.parent) ?? []).find(
          (c) => !isFolderPage(c.entry) && c.entry.stem === folder.stem,
        )
      : undefined;
    const page = own ?? beside;
    if (page) opening.set(folder.relative, page);
  }
  const openers = new Set(opening.values());
  const isBundle = (folder: string) =>
    count.get(folder) === 1 && opening.get(folder)?.entry.parent === folder;

  type Node = { key: number; stem: string; chapter?: LoadedChapter; folder?: FoundEntry };
  const nodesOf = (parent: string): Node[] => {
    const nodes: Node[] = [];
    for (const c of byParent.get(parent) ?? []) {
      if (openers.has(c) && opening.get(parent) !== c) continue;
      // A folder's own page sits at its head, whatever its order says.
      const key = opening.get(parent) === c ? -Infinity : (c.order ?? c.entry.prefix ?? Infinity);
      nodes.push({ key, stem: c.entry.stem, chapter: c });
    }
    for (const f of foldersByParent.get(parent) ?? []) {
      if (!count.get(f.relative)) continue;
      const page = opening.get(f.relative);
      const key = metas.get(f.relative)?.order ?? page?.order ?? f.prefix ?? Infinity;
      nodes.push({ key, stem: f.stem, folder: f });
    }
    return nodes.sort((a, b) => a.key - b.key || (a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0));
  };

  const parts: Part[] = [];
  const ordered: LoadedChapter[] = [];
  const visit = (folder: string, part: string | undefined) => {
    for (const node of nodesOf(folder)) {
      if (node.chapter) {
        ordered.push(place(node.chapter, part));
        continue;
      }
      const f = node.folder!;
      if (isBundle(f.relative)) {
        ordered.push(place(opening.get(f.relative)!, part));
        continue;
      }
      const meta = metas.get(f.relative);
      const page = opening.get(f.relative);
      parts.push({
        path: f.relative,
        title: meta?.title ?? page?.frontMatter.title ?? titleFromStem(f.stem),
        ...((meta?.summary ?? page?.summary) ? { summary: meta?.summary ?? page?.summary } : {}),
        ...(part !== undefined ? { parent: part } : {}),
        // Without a title of its own, the part is named as its page is once read.
        ...(page ? { opening: page.path } : {}),
        ...(page && !meta?.title && !page.frontMatter.title ? { titleFromOpening: true } : {}),
      });
      // The folder's own page comes first, even when it sits beside the folder.
      if (page && page.entry.parent !== f.relative) ordered.push(place(page, f.relative));
      visit(f.relative, f.relative);
    }
  };
  visit(within, undefined);
  return { parts, chapters: ordered };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function place(chapter: LoadedChapter, part: string | undefined): LoadedChapter {
  const { part: _old, ...rest } = chapter;
  return part === undefined ? rest : { ...rest, part };
}

export interface ContentsResult extends Ordered {
  /** Entries that name no file, with where they are written. */
  missing: { path: string; position?: TocItem['position'] }[];
  drafts: number;
  /** Chapters no entry lists. */
  unlisted: LoadedChapter[];
}

/**
 * Reading order from a table of contents (mdBook's SUMMARY.md, MkDocs' `nav`, `contents:`
 * in handbook.yml): its parts, its nesting (an entry with entries under it opens a part),
 * its titles; an entry naming a folder takes the folder's pages in folder order.
 */
export function orderByContents(
  items: TocItem[],
  entries: FoundEntry[],
  chapters: LoadedChapter[],
  metas: Map<string, PartMeta>,
): ContentsResult {
  const byRelative = new Map(chapters.map((c) => [c.entry.relative, c]));
  const placed = new Set<LoadedChapter>();
  const result: ContentsResult = { parts: [], chapters: [], missing: [], drafts: 0, unlisted: [] };
  let next = 0;
  const newPart = (
    title: string | undefined,
    parent: string | undefined,
    opening?: LoadedChapter,
  ): string => {
    const partPath = `contents:${++next}`;
    result.parts.push({
      path: partPath,
      title: title ?? opening?.frontMatter.title ?? opening?.title ?? 'Part',
      ...(parent !== undefined ? { parent } : {}),
      ...(opening ? { opening: opening.path } : {}),
      ...(!title && opening && !opening.frontMatter.title ? { titleFromOpening: true } : {}),
    });
    return partPath;
  };
  const walk = (list: TocItem[], part: string | undefined) => {
    for (const item of list) {
      if (item.kind === 'draft') {
        result.drafts++;
        continue;
      }
      if (item.kind === 'part') {
        walk(item.children, newPart(item.title, part));
        continue;
      }
      const target = path.posix.normalize(item.path.replace(/\/+$/, ''));
      const chapter = byRelative.get(target) ?? byRelative.get(`${target}.md`);
      if (!chapter) {
        const folder = entries.find((e) => e.kind === 'part' && e.relative === target);
        if (!folder) {
          result.missing.push({
            path: item.path,
            ...(item.position ? { position: item.position } : {}),
          });
          continue;
        }
        const inner = orderByFolders(
          entries,
          chapters.filter((c) => !placed.has(c)),
          metas,
          folder.relative,
        );
        const holder = newPart(item.title ?? titleFromStem(folder.stem), part);
        for (const p of inner.parts)
          result.parts.push(p.parent === undefined ? { ...p, parent: holder } : p);
        for (const c of inner.chapters) {
          placed.add(byRelative.get(c.entry.relative)!);
          result.chapters.push(c.part === undefined ? { ...c, part: holder } : c);
        }
        continue;
      }
      if (placed.has(chapter)) continue;
      placed.add(chapter);
      const listed =
        item.title && !chapter.frontMatter.title
          ? { ...chapter, title: item.title, listedTitle: item.title }
          : chapter;
      // Draft entries under an entry are not built: they open no part.
      if (item.children.every((c) => c.kind === 'draft')) {
        result.drafts += item.children.length;
        result.chapters.push(place(listed, part));
        continue;
      }
      const opened = newPart(item.title, part, listed);
      result.chapters.push(place(listed, opened));
      walk(item.children, opened);
    }
  };
  walk(items, undefined);
  result.unlisted = chapters.filter((c) => !placed.has(c));
  return result;
}

/** "kosovo-force" → "Kosovo force": a readable title when a chapter has none. */
export function titleFromStem(stem: string): string {
  const words = stem
    .replace(/^_+/, '')
    .split(/[-_\s]+/)
    .filter(Boolean);
  return (
    words.map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ') || 'Untitled'
  );
}
