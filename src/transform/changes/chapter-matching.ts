import type { Block } from './blocks.ts';

export interface Side {
  path: string;
  blocks: Block[];
}

/**
 * Which earlier chapter each current one is: the one at the same path, else, for a chapter
 * that was moved or renamed, the unmatched earlier one that shares most of its blocks
 * (at least half of the smaller one), as git's rename detection pairs files by likeness.
 */
export function matchChapters(before: Side[], now: Side[]): Map<string, string> {
  const matches = new Map<string, string>();
  const byPath = new Set(before.map((b) => b.path));
  for (const chapter of now) if (byPath.has(chapter.path)) matches.set(chapter.path, chapter.path);
  const taken = new Set(matches.values());
  const pairs: { now: string; before: string; score: number }[] = [];
  for (const chapter of now) {
    if (matches.has(chapter.path)) continue;
    const texts = new Set(chapter.blocks.map((b) => b.text));
    for (const old of before) {
      if (taken.has(old.path)) continue;
      const shared = old.blocks.filter((b) => texts.has(b.text)).length;
      const score = shared / Math.max(1, Math.min(texts.size, old.blocks.length));
      if (score >= 0.5) pairs.push({ now: chapter.path, before: old.path, score });
    }
  }
  // The likeliest pairs first, each chapter in one pair only.
  for (const pair of pairs.sort((a, b) => b.score - a.score)) {
    if (matches.has(pair.now) || taken.has(pair.before)) continue;
    matches.set(pair.now, pair.before);
    taken.add(pair.before);
  }
  return matches;
}
