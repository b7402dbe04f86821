import type { PageNumbers } from '../model/page-numbers.ts';
import type { PageMap } from './page-map.ts';

/**
 * Printed page numbers from a page map: pages before the first chapter are front matter,
 * numbered i, ii, iii…; the first chapter starts the body at page 1.
 */
export function pageNumbers(map: PageMap, firstChapterId: string): PageNumbers {
  const first = map.destinations[firstChapterId];
  const frontPages = first ? first.page : 0;
  const labels: Record<string, string> = {};
  for (const [id, dest] of Object.entries(map.destinations))
    labels[id] = pageLabel(dest.page, frontPages);
  return { labels, frontPages, bodyPages: map.pageCount - frontPages };
}

/** The printed label of a 0-based page index. */
export function pageLabel(index: number, frontPages: number): string {
  return index < frontPages ? toRoman(index + 1) : String(index - frontPages + 1);
}

/** The page maps of pieces printed apart, as one: each piece's pages follow the last's. */
export function joinMaps(maps: PageMap[]): PageMap {
  const starts = pieceStarts(maps.map((m) => m.pageCount));
  const destinations: PageMap['destinations'] = {};
  maps.forEach((m, i) => {
    for (const [id, dest] of Object.entries(m.destinations))
      destinations[id] = { ...dest, page: dest.page + starts[i]! };
  });
  return { pageCount: maps.reduce((n, m) => n + m.pageCount, 0), destinations };
}

/** The 0-based index of each piece's first page, from the pieces' page counts. */
export function pieceStarts(pageCounts: number[]): number[] {
  let next = 0;
  return pageCounts.map((count) => {
    const start = next;
    next += count;
    return start;
  });
}

/** Digits of the longest body page number (front matter is numbered in roman, and short). */
export function widestLabel(numbers: PageNumbers): number {
  return String(Math.max(1, numbers.bodyPages)).length;
}

/**
 * Why the second print did not match the first, for the trace; undefined when every
 * destination stayed on its page.
 */
export function paginationMoves(a: PageMap, b: PageMap): string | undefined {
  if (samePagination(a, b)) return undefined;
  const moved = Object.keys(b.destinations).filter(
    (id) => a.destinations[id]?.page !== b.destinations[id]!.page,
  );
  const lost = Object.keys(a.destinations).filter((id) => !b.destinations[id]);
  const first = moved[0];
  return [
    a.pageCount !== b.pageCount ? `${a.pageCount} pages became ${b.pageCount}` : '',
    moved.length > 0
      ? `${moved.length} targets moved, the first \`${first}\` from page ${(a.destinations[first!]?.page ?? -1) + 1} to ${b.destinations[first!]!.page + 1}`
      : '',
    lost.length > 0 ? `${lost.length} targets were not printed, the first \`${lost[0]}\`` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** True when two prints put every destination on the same page. */
export function samePagination(a: PageMap, b: PageMap): boolean {
  if (a.pageCount !== b.pageCount) return false;
  const keys = Object.keys(b.destinations);
  if (keys.length !== Object.keys(a.destinations).length) return false;
  return keys.every((k) => a.destinations[k]?.page === b.destinations[k]!.page);
}

export function toRoman(n: number): string {
  const numerals: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let out = '';
  for (const [value, numeral] of numerals) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}
