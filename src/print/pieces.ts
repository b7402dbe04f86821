import type { Book } from '../model/book.ts';
import { printId } from '../render/print-content.ts';
import { tocEntries } from '../render/print-edition.ts';

/** Runs of chapters `[from, to)`, in order, one per piece; `chapterIds` their print ids. */
export interface PieceSplit {
  chapterIds: string[];
  ranges: [number, number][];
}

/**
 * Source bytes of a piece (about 60 pages). Chromium's print time grows faster than the
 * pages it prints, so pieces of this size print faster than one document even on one
 * core, and a build after an edit prints only the pieces it changed (cache/printed-pieces.ts).
 */
const PIECE_BYTES = 100_000;
/** More pieces than this cost more to load (a tab each) than they save, and cost memory. */
const MAX_PIECES = 8;
/** What one contents entry costs to print, in bytes of chapter source printing as long. */
const CONTENTS_ENTRY_BYTES = 250;
/** An earlier split is kept until a piece holds this many times its share. */
const KEEP_UNTIL = 2;

/**
 * How to cut the print edition into pieces printed side by side: runs of chapters of about
 * equal printing work (the contents, at the front, weigh in too). Every chapter starts a
 * page, so each piece lays out exactly as it does in the whole document. Undefined when
 * one piece is best (a small handbook). `pieces` overrides the count (tests print small
 * handbooks in pieces to compare them with the whole). `previous` names the first chapter
 * of each piece of the last build: kept while it still fits, so that an edit to one
 * chapter leaves every other piece as it was.
 */
export function planPieces(
  book: Book,
  pieces?: number,
  previous?: string[],
): PieceSplit | undefined {
  const { weights, front, total } = workload(book);
  const count = Math.min(pieces ?? defaultCount(total), weights.length);
  if (count < 2) return undefined;
  const chapterIds = book.chapters.map((c) => printId(c.id));
  const kept = previous && keptRanges(chapterIds, previous, count);
  if (kept && fits(kept, weights, front, total)) return { chapterIds, ranges: kept };
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
  return { chapterIds, ranges };
}

/**
 * The pieces a handbook is likely to print in, known before its chapters are transformed
 * (their headings, which the contents lists, are not known yet): the tabs to open early.
 */
export function expectedPieces(book: Book, pieces?: number): number {
  const { weights, total } = workload(book);
  return Math.max(1, Math.min(pieces ?? defaultCount(total), weights.length));
}

/** The printing work of each chapter, of the front matter and in all, in source bytes. */
function workload(book: Book): { weights: number[]; front: number; total: number } {
  const weights = book.chapters.map((chapter) => chapter.source.length);
  const front = tocEntries(book).length * CONTENTS_ENTRY_BYTES;
  return { weights, front, total: front + weights.reduce((a, b) => a + b, 0) };
}

const defaultCount = (total: number) => Math.min(MAX_PIECES, Math.floor(total / PIECE_BYTES));

/** The first chapter of each piece, to be given back to `planPieces` by the next build. */
export function pieceFirsts(split: PieceSplit): string[] {
  return split.ranges.map(([from]) => split.chapterIds[from]!);
}

/** The earlier split over today's chapters, when it starts at the first and has `count` pieces. */
function keptRanges(
  chapterIds: string[],
  previous: string[],
  count: number,
): [number, number][] | undefined {
  if (previous.length !== count) return undefined;
  const starts = previous.map((id) => chapterIds.indexOf(id));
  if (starts[0] !== 0 || starts.some((at, i) => i > 0 && at <= starts[i - 1]!)) return undefined;
  return starts.map((at, i) => [at, starts[i + 1] ?? chapterIds.length]);
}

/** No piece holds more than `KEEP_UNTIL` times its share of the work. */
function fits(
  ranges: [number, number][],
  weights: number[],
  front: number,
  total: number,
): boolean {
  const share = total / ranges.length;
  return ranges.every(([from, to], i) => {
    const work = weights.slice(from, to).reduce((a, b) => a + b, i === 0 ? front : 0);
    return work <= share * KEEP_UNTIL;
  });
}
