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
