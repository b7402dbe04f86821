import path from 'node:path';
import type { Book } from '../model/book.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { checkAcronyms } from './acronyms.ts';
import { checkDuplicateIds } from './duplicate-ids.ts';
import { checkClassification, checkReview } from './review.ts';

export interface CheckOptions {
  /** The day stale reviews are counted from (tests fix it; HANDBOOK_TODAY=YYYY-MM-DD does too). */
  today?: Date;
}

/**
 * What a reviewer checks beyond what the build itself warns about: duplicate ids, acronyms before they are spelled out, chapters without a marking, stale reviews.
 * Runs on a transformed Book; problems go to `diagnostics`.
 */
export function checkBook(book: Book, diagnostics: Diagnostics, options: CheckOptions = {}): void {
  const today = options.today ?? todayFromEnvironment();
  const known = new Set([
    ...book.config.knownAcronyms,
    // Words of the marking scale ("UNCLASSIFIED // FOR TRAINING USE") are not acronyms.
    ...book.config.markings.flatMap((m) => m.label.split(/[^A-Z0-9-]+/)),
  ]);
  for (const chapter of book.chapters) {
    const file = diagnostics.file(path.join(book.root, chapter.path), chapter.source);
    checkDuplicateIds(chapter, file);
    checkAcronyms(chapter, file, known);
    checkClassification(chapter, file, book.config);
    checkReview(chapter, file, book.config, today);
  }
}

function todayFromEnvironment(): Date {
  const fixed = process.env.HANDBOOK_TODAY;
  if (fixed && /^\d{4}-\d{2}-\d{2}$/.test(fixed)) return new Date(`${fixed}T00:00:00Z`);
  return new Date();
}
