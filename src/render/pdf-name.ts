import { slug } from 'github-slugger';
import type { Book } from '../model/book.ts';

/** The PDF's file name: the configured one, or the title as a slug. */
export function pdfFileName(book: Book): string {
  return book.config.pdf.filename ?? `${slug(book.config.title) || 'handbook'}.pdf`;
}
