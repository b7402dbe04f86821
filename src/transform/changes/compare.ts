import { diffArrays } from 'diff';
import type { Block } from './blocks.ts';

export type BlockChange = 'added' | 'changed' | 'moved';

export interface Deletion {
  /** The block of the current chapter it was before (its index); the chapter's length at the end. */
  before: number;
  texts: string[];
  section?: string;
}

export interface ChapterComparison {
  /** Index of a current block → how it changed; unchanged blocks are not listed. */
  changed: Map<number, BlockChange>;
  deleted: Deletion[];
}

/** How alike two blocks must be (shared words) for the new one to be the old one changed. */
const SAME_BLOCK = 0.5;

/**
 * A chapter compared with its earlier self, block by block: the longest common sequence
 * of unchanged blocks (Myers' diff, as git does it), then within each run of removed and
 * added blocks, an added block that shares most of its words with a removed one is that
 * block changed; one whose text was removed elsewhere has moved; the rest is new, or gone.
 */
export function compareBlocks(before: Block[], now: Block[]): ChapterComparison {
  const changed = new Map<number, BlockChange>();
  const deleted: Deletion[] = [];
  const parts = diffArrays(
    before.map((b) => b.text),
    now.map((b) => b.text),
  );
  const removedAnywhere = new Set(parts.filter((p) => p.removed).flatMap((p) => p.value));
  const addedAnywhere = new Set(parts.filter((p) => p.added).flatMap((p) => p.value));
  let at = 0;
  let old = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      at += part.count;
      old += part.count;
      continue;
    }
    // A run of removed blocks, the added ones that follow it, or both.
    const removed = part.removed ? part.value : [];
    const next = part.removed ? parts[i + 1] : undefined;
    const added = part.added ? part.value : next?.added ? next.value : [];
    if (part.removed && next?.added) i++;
    const gone = new Set(removed.map((_, k) => k));
    added.forEach((text, k) => {
      if (removedAnywhere.has(text)) {
        changed.set(at + k, 'moved');
        return;
      }
      const match = [...gone].find((r) => similarity(removed[r]!, text) >= SAME_BLOCK);
      if (match !== undefined) gone.delete(match);
      changed.set(at + k, match !== undefined ? 'changed' : 'added');
    });
    const texts = [...gone]
      .sort((a, b) => a - b)
      .map((r) => removed[r]!)
      .filter((t) => !addedAnywhere.has(t));
    if (texts.length > 0) {
      const section = before[old]?.section;
      deleted.push({ before: at + added.length, texts, ...(section ? { section } : {}) });
    }
    at += added.length;
    old += removed.length;
  }
  return { changed, deleted };
}

/** Words two texts share, as a share of their length (Dice over the word sequences). */
export function similarity(a: string, b: string): number {
  const wa = a.toLowerCase().split(' ');
  const wb = b.toLowerCase().split(' ');
  const common = diffArrays(wa, wb)
    .filter((p) => !p.added && !p.removed)
    .reduce((n, p) => n + p.count, 0);
  return (2 * common) / (wa.length + wb.length);
}
