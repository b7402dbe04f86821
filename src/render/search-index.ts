import path from 'node:path';
import * as pagefind from 'pagefind';
import { HandbookError } from '../report/errors.ts';

/** Where the index goes in the output folder; the theme's script loads it from there. */
export const SEARCH_DIR = 'pagefind';

/**
 * The HTML edition's search index, built by Pagefind from the chapter pages (the part of
 * each marked `data-pagefind-body`). Pagefind's binary comes from npm; nothing is fetched.
 */
export async function writeSearchIndex(outDir: string, language: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({
    forceLanguage: language.split('-')[0]!.toLowerCase(),
  });
  try {
    if (!index) throw new HandbookError('Cannot start Pagefind', { cause: errors.join('\n') });
    // Pagefind reads the folder itself, in parallel: far faster than handing it page by
    // page. Pages without `data-pagefind-body` (title page, print edition) are skipped.
    const added = await index.addDirectory({ path: outDir, glob: '*.html' });
    if (added.errors.length > 0) {
      throw new HandbookError('Pagefind cannot index the pages', {
        cause: added.errors.join('\n'),
      });
    }
    const written = await index.writeFiles({ outputPath: path.join(outDir, SEARCH_DIR) });
    if (written.errors.length > 0) {
      throw new HandbookError('Pagefind cannot write the index', {
        cause: written.errors.join('\n'),
      });
    }
  } finally {
    await pagefind.close();
  }
}
