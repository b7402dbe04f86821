import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Book } from '../../model/book.ts';
import { keyPosition } from '../../load/front-matter.ts';
import { PreviousEditionProblem, readPreviousEdition } from '../../load/previous-edition.ts';
import type { Diagnostics } from '../../report/diagnostics.ts';
import { HandbookError } from '../../report/errors.ts';
import { addError, addWarning } from '../../report/messages.ts';
import { compareEdition } from './edition-changes.ts';
import { markChanges } from './mark-changes.ts';

/**
 * Compare the book with the edition it names (`--changes-since` first, then
 * `previousEdition`) and mark what changed in it. Asked for on the command line, an edition
 * that cannot be read stops the build. Named in handbook.yml, one whose history is not here
 * (sources copied without `.git`, a shallow clone) is a warning: the editions are right,
 * only without change marks. A ref that does not exist is an error either way.
 */
export async function applyChanges(
  book: Book,
  diagnostics: Diagnostics,
  asked?: string,
): Promise<void> {
  const ref = asked ?? book.config.previousEdition;
  if (!ref) return;
  let previous;
  try {
    previous = await readPreviousEdition(book.root, book.config.chaptersDir, ref);
  } catch (error) {
    if (!(error instanceof PreviousEditionProblem)) throw error;
    if (asked) throw new HandbookError(error.message, { hint: error.hint });
    report(book, diagnostics, error);
    return;
  }
  const compared = compareEdition(book, previous, (file) =>
    addWarning(
      diagnostics.file(path.join(book.root, file)),
      `In ${previous.label}, this chapter's front-matter does not parse: it is compared with the current one as text`,
      undefined,
      'previous-edition',
    ),
  );
  // The trees may be kept between builds (`handbook dev`): the marks go on copies.
  for (const entry of compared.changes.chapters) {
    const chapter = book.chapters.find((c) => c.id === entry.chapterId);
    if (chapter?.hast) chapter.hast = structuredClone(chapter.hast);
  }
  markChanges(book, compared);
  book.changes = compared.changes;
}

/** The problem at `previousEdition:` in handbook.yml. */
function report(book: Book, diagnostics: Diagnostics, problem: PreviousEditionProblem): void {
  const configPath = book.config.configPath;
  if (!configPath) return;
  const text = readFileSync(configPath, 'utf8');
  const file = diagnostics.file(configPath, text);
  const place = keyPosition(text, 'previousEdition');
  const reason = `${problem.message}. ${problem.hint}`;
  if (problem.missing)
    addWarning(
      file,
      `${reason} The editions are built without change marks`,
      place,
      'previous-edition',
    );
  else addError(file, reason, place, 'previous-edition');
}
