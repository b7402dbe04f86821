import type { Chapter, Part } from './book.ts';

/**
 * Whether a part is just its opening chapter under the same name (a folder's README, an
 * mdBook entry with entries under it): then the chapter stands for the part in the
 * contents, the sidebar and the bookmarks, instead of the same title twice.
 */
export function openedBy(part: Part, chapter: Chapter | undefined): boolean {
  return (
    chapter !== undefined &&
    part.opening === chapter.path &&
    part.title.trim().toLowerCase() === chapter.title.trim().toLowerCase()
  );
}

/** Parts by path, looked up once per book (a find per chapter would be quadratic). */
const byBook = new WeakMap<Part[], Map<string, Part>>();
export function partAt(parts: Part[], path: string | undefined): Part | undefined {
  if (path === undefined) return undefined;
  let map = byBook.get(parts);
  if (!map) byBook.set(parts, (map = new Map(parts.map((p) => [p.path, p]))));
  return map.get(path);
}

/** A chapter's part and its ancestors, outermost first. */
export function partsChain(parts: Part[], path: string | undefined): Part[] {
  const chain: Part[] = [];
  for (let p = partAt(parts, path); p; p = partAt(parts, p.parent)) chain.unshift(p);
  return chain;
}
