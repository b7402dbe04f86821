import type { Book } from '../model/book.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { Transformer, type TransformerOptions } from './transformer.ts';

/** Stage 2, once: every chapter's Markdown → a sanitised HTML tree; the Book comes back completed. */
export async function transformBook(
  book: Book,
  diagnostics: Diagnostics,
  options: TransformerOptions = {},
): Promise<Book> {
  const transformer = new Transformer(book.root, options);
  try {
    return await transformer.transform(book, diagnostics);
  } finally {
    await transformer.close();
  }
}
