import { createHash } from 'node:crypto';
import { slug } from 'github-slugger';
import { finishPdf } from './finish/finish-pdf.ts';
import { pageNumbers, samePagination } from './finish/numbering.ts';
import { outlineItems } from './finish/outline-items.ts';
import { readPageMap, type PageMap } from './finish/page-map.ts';
import type { Book } from './model/book.ts';
import type { PageNumbers } from './model/page-numbers.ts';
import { openPrinter } from './print/printer.ts';
import { HandbookError } from './report/errors.ts';
import type { OutputFolder } from './render/output-files.ts';
import { PRINT_FILE, renderPrintEdition } from './render/print-edition.ts';
import { VERSION } from './cli/version.ts';

/** Prints before giving up on page numbers that keep moving (two is the usual). */
const MAX_PRINTS = 4;

export interface PdfOptions {
  executablePath?: string;
  signal?: AbortSignal;
  /** Seconds since the epoch for the PDF's dates; default SOURCE_DATE_EPOCH, then the config date. */
  sourceDateEpoch?: string;
}

export interface PdfResult {
  /** File name inside the output folder. */
  file: string;
  pages: number;
  /** How many times the document was printed until its page numbers settled. */
  prints: number;
  /** Requests the browser was refused while printing. */
  blocked: string[];
}

/** The PDF's file name: the configured one, or the title as a slug. */
export function pdfFileName(book: Book): string {
  return book.config.pdf.filename ?? `${slug(book.config.title) || 'handbook'}.pdf`;
}

/**
 * Stages 3b–5: render the print edition, print it, read where every heading landed, fill
 * in the page numbers and print again until nothing moves, then finish the PDF.
 */
export async function buildPdf(
  book: Book,
  out: OutputFolder,
  options: PdfOptions = {},
): Promise<PdfResult> {
  const firstChapter = book.chapters[0];
  if (!firstChapter) throw new HandbookError('A PDF needs at least one chapter');
  const printer = await openPrinter({
    baseDir: out.dir,
    timeout: book.config.pdf.timeout,
    ...(options.executablePath ? { executablePath: options.executablePath } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let html = '';
  let pdf: Uint8Array | undefined;
  let map: PageMap | undefined;
  let numbers: PageNumbers | undefined;
  let prints = 0;
  try {
    let previous: PageMap | undefined;
    while (prints < MAX_PRINTS) {
      html = await renderPrintEdition(book, numbers);
      await out.write(PRINT_FILE, html);
      // The first print only measures where things land; later ones may be the final PDF.
      pdf = await printer.print(PRINT_FILE, { draft: prints === 0 });
      prints++;
      map = await readPageMap(pdf);
      // The numbers just printed came from `previous`: if nothing moved, they are right.
      if (previous && samePagination(previous, map)) break;
      numbers = pageNumbers(map, firstChapter.id);
      previous = map;
    }
    if (prints === MAX_PRINTS && !samePagination(previous!, map!)) {
      throw new HandbookError(`Page numbers kept moving after ${MAX_PRINTS} prints`, {
        hint: 'Please report this with the handbook that causes it.',
      });
    }
  } finally {
    await printer.close();
  }

  const { config } = book;
  const finished = await finishPdf({
    pdf: pdf!,
    map: map!,
    frontPages: numbers!.frontPages,
    outline: outlineItems(book),
    metadata: {
      title: config.subtitle ? `${config.title}: ${config.subtitle}` : config.title,
      ...(config.authors.length > 0
        ? { author: config.authors.map((a) => a.name).join(', ') }
        : {}),
      ...(config.subject ? { subject: config.subject } : {}),
      keywords: config.keywords,
      language: config.language,
      creator: `Handbook Press ${VERSION}`,
      date: documentDate(config.date, options.sourceDateEpoch ?? process.env.SOURCE_DATE_EPOCH),
      identity: createHash('sha256').update(html).digest('hex'),
    },
  });
  const file = pdfFileName(book);
  await out.write(file, finished);
  return { file, pages: map!.pageCount, prints, blocked: [...printer.blocked] };
}

/** SOURCE_DATE_EPOCH, else the config's date, else now (then two builds differ in their dates). */
export function documentDate(
  configDate: string | undefined,
  sourceDateEpoch: string | undefined,
): Date {
  if (sourceDateEpoch && /^\d+$/.test(sourceDateEpoch))
    return new Date(Number(sourceDateEpoch) * 1000);
  if (configDate) return new Date(`${configDate}T00:00:00Z`);
  return new Date();
}
