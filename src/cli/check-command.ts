import path from 'node:path';
import { checkBook } from '../check/check-book.ts';
import { checkFontCoverage } from '../check/font-coverage.ts';
import { checkTranslations } from '../check/translations.ts';
import { editionsOf } from '../load/editions.ts';
import { loadBook } from '../load/load-book.ts';
import { Diagnostics } from '../report/diagnostics.ts';
import { formatErrorChain } from '../report/errors.ts';
import { transformBook } from '../transform/transform-book.ts';
import { messagesAsJson, printMessages } from './output.ts';

export interface CheckFlags {
  format: 'text' | 'json';
  chapters?: string;
  strict?: boolean;
  quiet?: boolean;
}

/** `handbook check [dir]`: everything that can be wrong, without building; exit 1 on errors. */
export async function runCheck(dir: string, flags: CheckFlags): Promise<number> {
  const root = path.resolve(dir);
  const diagnostics = new Diagnostics();
  let strict = flags.strict === true;
  try {
    const loaded = await loadBook(
      { root, ...(flags.chapters ? { chaptersDir: path.resolve(flags.chapters) } : {}) },
      diagnostics,
    );
    if (loaded) {
      strict ||= loaded.config.strict;
      // Every language's edition, each problem said once (an original standing in for a
      // missing translation is checked with the original).
      const editions = await editionsOf(loaded, diagnostics);
      for (const [i, edition] of editions.entries()) {
        const own = i === 0 ? diagnostics : new Diagnostics();
        const book = await transformBook(edition, own);
        checkBook(book, own);
        await checkFontCoverage(book, own);
        if (own !== diagnostics) diagnostics.merge(own);
      }
      checkTranslations(editions, diagnostics);
    }
  } catch (error) {
    process.stderr.write(`${formatErrorChain(error)}\n`);
    return 1;
  }
  const files = diagnostics.withMessages();
  const failed = diagnostics.failed(strict);
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify(messagesAsJson(files), null, 2)}\n`);
  } else if (files.length > 0) {
    printMessages(files, { quiet: flags.quiet ?? false });
  } else if (!flags.quiet) {
    process.stderr.write('No problems found.\n');
  }
  return failed ? 1 : 0;
}
