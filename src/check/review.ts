import type { VFile } from 'vfile';
import type { ResolvedConfig } from '../config/schema.ts';
import type { Chapter } from '../model/book.ts';
import { keyPosition } from '../load/front-matter.ts';
import { addWarning } from '../report/messages.ts';

/** A chapter without its own marking is printed with the handbook's default one: say so. */
export function checkClassification(chapter: Chapter, file: VFile, config: ResolvedConfig): void {
  // A handbook without markings has nothing to ask of its chapters.
  if (!config.marked || chapter.frontMatter.classification !== undefined) return;
  addWarning(
    file,
    `No \`classification\` in the front-matter: the chapter is marked ${config.classification}, the handbook's default`,
    { line: 1, column: 1 },
    'classification',
  );
}

/** `reviewed` dates older than the handbook's review period (`reviewPeriodDays`). */
export function checkReview(
  chapter: Chapter,
  file: VFile,
  config: ResolvedConfig,
  today: Date,
): void {
  const period = config.reviewPeriodDays;
  if (!period) return;
  const reviewed = chapter.frontMatter.reviewed;
  if (!reviewed) {
    addWarning(
      file,
      `No \`reviewed\` date; the review period is ${period} days`,
      { line: 1, column: 1 },
      'review',
    );
    return;
  }
  const days = Math.floor((today.getTime() - Date.parse(`${reviewed}T00:00:00Z`)) / 86_400_000);
  if (days <= period) return;
  addWarning(
    file,
    `Last reviewed ${reviewed}, ${days} days ago: longer than the review period of ${period} days`,
    keyPosition(chapter.source, 'reviewed'),
    'review',
  );
}
