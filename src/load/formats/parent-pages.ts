import type { LoadedChapter } from '../order.ts';
import type { TocItem } from './format.ts';

/**
 * The hierarchy Just the Docs (the most used documentation theme for Jekyll) keeps in
 * front-matter rather than in folders: `parent: Getting started` puts a page under the
 * page titled so, `grand_parent` tells apart two parents of one name, and `nav_order`
 * orders siblings (then the title, as the theme does). Undefined when no page names a
 * parent that is there: the folders give the order then. Pages with `nav_exclude: true`
 * are left to follow the listed ones.
 */
export function parentPagesToc(chapters: LoadedChapter[]): TocItem[] | undefined {
  const titleOf = (c: LoadedChapter) => String(c.frontMatter.title ?? c.title).trim();
  const parentOf = (c: LoadedChapter) => text(c.frontMatter.parent);
  const listed = chapters.filter((c) => c.frontMatter.nav_exclude !== true);
  const byTitle = new Map<string, LoadedChapter[]>();
  for (const c of listed) byTitle.set(titleOf(c), [...(byTitle.get(titleOf(c)) ?? []), c]);
  // Each page's parent: the page of that title, under its grand parent when one is named.
  const parent = new Map<LoadedChapter, LoadedChapter>();
  for (const c of listed) {
    const name = parentOf(c);
    if (!name) continue;
    const grand = text(c.frontMatter.grand_parent);
    const candidates = (byTitle.get(name) ?? []).filter(
      (p) => p !== c && (!grand || parentOf(p) === grand),
    );
    if (candidates[0]) parent.set(c, candidates[0]);
  }
  if (parent.size === 0) return undefined;
  // A page whose parents lead back to it is taken at the top.
  for (const c of listed) {
    const seen = new Set<LoadedChapter>([c]);
    for (let p = parent.get(c); p; p = parent.get(p)) {
      if (seen.has(p)) {
        parent.delete(c);
        break;
      }
      seen.add(p);
    }
  }
  const children = new Map<LoadedChapter | undefined, LoadedChapter[]>();
  for (const c of listed) {
    const p = parent.get(c);
    children.set(p, [...(children.get(p) ?? []), c]);
  }
  const items = (under: LoadedChapter | undefined): TocItem[] =>
    (children.get(under) ?? []).sort(bySiblingOrder(titleOf)).map((c) => ({
      kind: 'chapter',
      path: c.entry.relative,
      children: items(c),
    }));
  return items(undefined);
}

/** `nav_order` first (numbers before text, as the theme sorts), then the title. */
function bySiblingOrder(titleOf: (c: LoadedChapter) => string) {
  const key = (c: LoadedChapter) => c.frontMatter.nav_order ?? c.order;
  return (a: LoadedChapter, b: LoadedChapter) => {
    const [x, y] = [key(a), key(b)];
    if (x !== undefined && y !== undefined && x !== y) return x - y;
    if (x !== undefined && y === undefined) return -1;
    if (x === undefined && y !== undefined) return 1;
    return titleOf(a).localeCompare(titleOf(b), undefined, { sensitivity: 'base' });
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number'
    ? String(value).trim() || undefined
    : undefined;
}
