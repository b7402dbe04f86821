import os from 'node:os';
import type { Book } from '../model/book.ts';
import { printId } from '../render/print-content.ts';
import { tocEntries } from '../render/print-edition.ts';

/** Runs of chapters `[from, to)`, in order, one per piece; `chapterIds` their print ids. */
export interface PieceSplit {
  chapterIds: string[];
  ranges: [number, number][];
}

/** Below this much source a piece is not worth its tab (about 80 pages). */
const MIN_PIECE_BYTES = 150_000;
/** More pieces than this gain nothing on the machines we know, and cost memory. */
const MAX_PIECES = 4;
/** What one contents entry costs to print, in bytes of chapter source printing as long. */
const CONTENTS_ENTRY_BYTES = 250;

/**
 * How to cut the print edition into pieces printed side by side, one per core: runs of
 * chapters of about equal printing work (the contents, at the front, weigh in too). Every
 * chapter starts a page, so each piece lays out exactly as it does in the whole document.
 * Undefined when one piece is best: a small handbook, or one core. `pieces` overrides the
 * count (tests print small handbooks in pieces to compare them with the whole).
 */
export function planPieces(book: Book, pieces?: number): PieceSplit | undefined {
  const weights = book.chapters.map((chapter) => chapter.source.length);
  const front = tocEntries(book).length * CONTENTS_ENTRY_BYTES;
  const total = front + weights.reduce((a, b) => a + b, 0);
  const wanted =
    pieces ?? Math.min(os.availableParallelism(), MAX_PIECES, Math.floor(total / MIN_PIECE_BYTES));
  const count = Math.min(wanted, weights.length);
  if (count < 2) return undefined;
  const ranges: [number, number][] = [];
  let from = 0;
  let done = front;
  for (let i = 0; i < weights.length; i++) {
    done += weights[i]!;
    const piece = ranges.length + 1;
    // Close this piece once it holds its share, leaving a chapter for each piece after it.
    if (
      piece < count &&
      done >= (total * piece) / count &&
      weights.length - (i + 1) >= count - piece
    ) {
      ranges.push([from, i + 1]);
      from = i + 1;
    }
  }
  ranges.push([from, weights.length]);
  return { chapterIds: book.chapters.map((c) => printId(c.id)), ranges };
}
