import { createHash } from 'node:crypto';
import { slug } from 'github-slugger';
import { finishPdf } from './finish/finish-pdf.ts';
import { pageNumbers, samePagination } from './finish/numbering.ts';
import { outlineItems } from './finish/outline-items.ts';
import type { PDFDocument } from 'pdf-lib';
import { loadPrinted, readDestinations, readMarkerMap, type PageMap } from './finish/page-map.ts';
import type { Book } from './model/book.ts';
import type { PageNumbers } from './model/page-numbers.ts';
import { openPrinter, type Printer } from './print/printer.ts';
import { HandbookError } from './report/errors.ts';
import { tracer } from './report/trace.ts';
import type { OutputFolder } from './render/output-files.ts';
import { draftPageCss, pageFill, PRINT_FILE, renderPrintEdition } from './render/print-edition.ts';
import { VERSION } from './cli/version.ts';

/** Prints before giving up on page numbers that keep moving (two is the usual). */
const MAX_PRINTS = 4;

export interface PdfOptions {
  /** A printer opened earlier (its start overlapping the other stages); closed here. */
  printer?: Promise<Printer>;
  executablePath?: string;
  signal?: AbortSignal;
  /** Called when printing is done and finishing starts. */
  onFinish?: () => void;
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
  const trace = tracer('pdf');
  const printer = await (options.printer ??
    openPrinter({
      baseDir: out.dir,
      timeout: book.config.pdf.timeout,
      ...(options.executablePath ? { executablePath: options.executablePath } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }));
  let printed: PDFDocument;
  let html: string;
  let map: PageMap;
  let numbers: PageNumbers;
  let prints = 0;
  try {
    // Print a draft (same layout, text hidden, a marker at each link target) to learn where
    // every heading lands; fill the numbers into the loaded page and print the real thing.
    // If that moved anything, fill the new numbers and print again.
    trace('open printer');
    await out.write(PRINT_FILE, await renderPrintEdition(book));
    trace('render');
    await printer.load(PRINT_FILE);
    trace('load');
    const targets = await printer.beginDraft(draftPageCss(book));
    const draft = await printer.print({ draft: true });
    trace('print draft');
    let previous = await readMarkerMap(draft, targets);
    trace('read draft markers');
    prints++;
    for (;;) {
      numbers = pageNumbers(previous, firstChapter.id);
      await printer.fill(pageFill(book, numbers));
      trace('fill numbers');
      // While Chromium prints, render the same document as a file, for the record.
      const printing = printer.print();
      html = await renderPrintEdition(book, numbers);
      const pdf = await printing;
      trace('print');
      prints++;
      printed = await loadPrinted(pdf);
      map = readDestinations(printed);
      trace('read page map');
      if (samePagination(previous, map)) break;
      if (prints >= MAX_PRINTS) {
        throw new HandbookError(`Page numbers kept moving after ${MAX_PRINTS} prints`, {
          hint: 'Please report this with the handbook that causes it.',
        });
      }
      previous = map;
    }
  } finally {
    await printer.close();
  }
  options.onFinish?.();
  await out.write(PRINT_FILE, html);

  const { config } = book;
  const finished = await finishPdf({
    pdf: printed,
    map,
    frontPages: numbers.frontPages,
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
  trace('finish');
  const file = pdfFileName(book);
  await out.write(file, finished);
  return { file, pages: map.pageCount, prints, blocked: [...printer.blocked] };
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
