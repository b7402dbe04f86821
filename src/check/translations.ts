import path from 'node:path';
import type { Book } from '../model/book.ts';
import { languageName } from '../render/wording/wording.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { addWarning } from '../report/messages.ts';

/**
 * A translation whose original was committed after it: readers are told so on the page,
 * and the author here, at the translation, with the original it lags behind.
 */
export function checkTranslations(editions: Book[], diagnostics: Diagnostics): void {
  for (const edition of editions.slice(1)) {
    const language = languageName(edition.config.language, 'en');
    for (const chapter of edition.chapters) {
      if (chapter.translation !== 'outdated' || !chapter.original) continue;
      addWarning(
        diagnostics.file(path.join(edition.root, chapter.path)),
        `The original \`${chapter.original}\` was changed after this ${language} translation (by their last commits); update the translation`,
        undefined,
        'translation',
      );
    }
  }
}
