import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { HandbookError } from '../report/errors.ts';

/** Where the index goes in the output folder; the theme's script loads it from there. */
export const SEARCH_DIR = 'pagefind';

/**
 * The HTML edition's search index, built by Pagefind from the chapter pages (the part of
 * each marked `data-pagefind-body`). Pagefind's binary comes from npm; nothing is fetched.
 */
export async function writeSearchIndex(
  outDir: string,
  pages: string[],
  language: string,
): Promise<void> {
  const { index, errors } = await pagefind.createIndex({
    forceLanguage: language.split('-')[0]!.toLowerCase(),
  });
  try {
    if (!index)
      throw new HandbookError('Cannot start Pagefind to build the search index', {
        cause: errors.join('\n'),
      });
    for (const page of pages) {
      const content = await readFile(path.join(outDir, page), 'utf8');
      const added = await index.addHTMLFile({ url: `/${page}`, content });
      if (added.errors.length > 0)
        throw new HandbookError(`Pagefind cannot index ${page}`, {
          cause: added.errors.join('\n'),
        });
    }
    const written = await index.writeFiles({ outputPath: path.join(outDir, SEARCH_DIR) });
    if (written.errors.length > 0)
      throw new HandbookError('Pagefind cannot write the search index', {
        cause: written.errors.join('\n'),
      });
  } finally {
    await pagefind.close();
  }
}
