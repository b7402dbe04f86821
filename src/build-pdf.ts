import { createHash } from 'node:crypto';
import type { PrintedPieces } from './cache/printed-pieces.ts';
import type { Conformance } from './finish/conformance.ts';
import { finishPdf } from './finish/finish-pdf.ts';
import { prepareCopies, type CopyLayout } from './finish/numbered-copies.ts';
import { cssLengthInPoints } from './guard/css.ts';
import { outlineItems, targetTitles } from './finish/outline-items.ts';
import { pageLabel } from './finish/page-labels.ts';
import type { PageMap } from './finish/page-map.ts';
import type { Book } from './model/book.ts';
import { printNumbered, type NumberedPrint } from './print/print-numbered.ts';
import { closePrinter, openPrinter, type Printer } from './print/printer.ts';
import { HandbookError } from './report/errors.ts';
import { tracer } from './report/trace.ts';
import type { OutputFolder } from './render/output-files.ts';
import { PRINT_FILE } from './render/print-edition.ts';
import { pdfFileName } from './render/pdf-name.ts';
import { VERSION } from './cli/version.ts';
import { draftNotice } from './render/view-model.ts';
import { say } from './render/wording/wording.ts';

export interface PdfOptions {
  /** A printer opened earlier (its start overlapping the other stages); closed here. */
  printer?: Promise<Printer>;
  executablePath?: string;
  signal?: AbortSignal;
  /** Called once Chromium has the documents to print (see print-numbered.ts). */
  onLoading?: () => void;
  /** Called once at most one piece is left printing (see print-numbered.ts). */
  onLastPrint?: () => void;
  /** Files the print documents use, still being copied: awaited before Chromium loads them. */
  assets?: Promise<void>;
  /** Called when printing is done and finishing starts. */
  onFinish?: () => void;
  /** The page map of an earlier build, printed with instead of a draft (see print-numbered.ts). */
  guess?: PageMap;
  /** The first chapter of each piece the earlier build printed in (with `guess`). */
  previousPieces?: string[];
  /** Pieces printed by earlier builds, to be taken instead of printed again. */
  printed?: PrintedPieces;
  /** Print in this many pieces side by side, instead of one per core for a large handbook. */
  pieces?: number;
  /** Seconds since the epoch for the PDF's dates; default SOURCE_DATE_EPOCH, then the config date. */
  sourceDateEpoch?: string;
  /** Also write one numbered copy per copy on the distribution list, into copies/. */
  copies?: boolean;
}

export interface PdfResult {
  /** File name inside the output folder. */
  file: string;
  pages: number;
  /** How many times the document was printed until its page numbers settled. */
  prints: number;
  /** Whether a draft was printed first (not when an earlier page map could stand in). */
  drafted: boolean;
  /** Pieces it was printed in, side by side. */
  pieces: number;
  /** The first chapter of each piece, for the next build. */
  pieceFirsts?: string[];
  /** Pieces taken as an earlier build printed them. */
  reused: number;
  /** Where every link target landed: the next build's first guess. */
  map: PageMap;
  /** Requests the browser was refused while printing. */
  blocked: string[];
  /** The standards the PDF claims, and why PDF/UA is not among them when it is not. */
  conformance: Conformance;
  /** Numbered copies written into copies/, when asked for. */
  copies: number;
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
  if (!firstChapter) {
    // A printer handed over is this function's to close, even when it prints nothing.
    await closePrinter(options.printer);
    throw new HandbookError('A PDF needs at least one chapter');
  }
  const trace = tracer('pdf');
  const printer = await (options.printer ??
    openPrinter({
      baseDir: out.dir,
      timeout: book.config.pdf.timeout,
      ...(options.executablePath ? { executablePath: options.executablePath } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }));
  let print: NumberedPrint;
  try {
    trace('open printer');
    print = await printNumbered(book, out, printer, {
      trace,
      ...(options.pieces ? { pieces: options.pieces } : {}),
      ...(options.guess ? { guess: options.guess } : {}),
      ...(options.previousPieces ? { previousPieces: options.previousPieces } : {}),
      ...(options.printed ? { printed: options.printed } : {}),
      ...(options.onLoading ? { onLoading: options.onLoading } : {}),
      ...(options.onLastPrint ? { onLastPrint: options.onLastPrint } : {}),
      ...(options.assets ? { assets: options.assets } : {}),
    });
  } catch (error) {
    await printer.close();
    throw error;
  }
  // Chromium closes, the record is written and the printed pieces go into the cache while
  // the PDF is finished on this thread; all of it is awaited before the PDF is returned.
  const closing = printer.close();
  const { printed, map, numbers, html } = print;
  const written = Promise.all([closing, out.write(PRINT_FILE, html), print.kept]);
  written.catch(() => undefined);
  options.onFinish?.();
  // A turn of the event loop first, for whatever waited for the print (the search index
  // process) to start before the finish holds this thread.
  await new Promise((resolve) => setImmediate(resolve));

  const { config } = book;
  const titles = targetTitles(book);
  const crossReference = config.pdf.crossReference ?? config.words.crossReference;
  const finishing = finishPdf({
    pdf: printed,
    map,
    frontPages: numbers.frontPages,
    outline: outlineItems(book),
    standard: config.pdf.standard,
    links: {
      // "Kosovo (p. 7)": the target's name and page, in the form the print uses.
      destination: (name) => {
        const at = map.destinations[name];
        const page = at
          ? say(crossReference, { page: pageLabel(at.page, numbers.frontPages) })
          : '';
        const title = titles.get(name);
        return title ? `${title}${page}` : page.trim().replace(/^\((.*)\)$/, '$1') || undefined;
      },
    },
    metadata: {
      title: config.subtitle ? `${config.title}: ${config.subtitle}` : config.title,
      ...(config.authors.length > 0
        ? { author: config.authors.map((a) => a.name).join(', ') }
        : {}),
      ...(config.subject ? { subject: config.subject } : {}),
      keywords: config.keywords,
      language: config.language,
      ...(book.draft ? { label: `${config.words.draft}: ${draftNotice(book)}` } : {}),
      creator: `Handbook Press ${VERSION}`,
      date: documentDate(config.date, options.sourceDateEpoch ?? process.env.SOURCE_DATE_EPOCH),
      identity: createHash('sha256').update(html).digest('hex'),
    },
  });
  // A failed finish still waits for Chromium to close.
  const finished = await finishing.catch(async (error: unknown) => {
    await written.catch(() => undefined);
    throw error;
  });
  trace('finish');
  const file = pdfFileName(book);
  await out.write(file, finished.bytes);
  await written;
  const copies = options.copies
    ? await writeCopies(
        book,
        out,
        file,
        finished.bytes,
        map.destinations['document-control']?.page ?? 1,
      )
    : 0;
  if (options.copies) trace(`${copies} numbered copies`);
  return {
    file,
    pages: map.pageCount,
    prints: print.prints,
    drafted: print.drafted,
    pieces: print.pieces,
    ...(print.pieceFirsts ? { pieceFirsts: print.pieceFirsts } : {}),
    reused: print.reused,
    map,
    blocked: [...printer.blocked],
    conformance: finished.conformance,
    copies,
  };
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

/**
 * One PDF per copy on the distribution list, numbered through the whole list (copies 1–40
 * to the first recipient, 41–46 to the next …), each stamped onto the finished file.
 */
async function writeCopies(
  book: Book,
  out: OutputFolder,
  file: string,
  finished: Uint8Array,
  controlPage: number,
): Promise<number> {
  const { config } = book;
  const recipients = config.distribution.flatMap((d) =>
    Array.from({ length: d.copies ?? 1 }, () => d.recipient),
  );
  const total = recipients.length;
  const width = String(total).length;
  const rtl = config.direction === 'rtl';
  const layout: CopyLayout = {
    words: config.words.copyOf,
    controlPage,
    marginTop: cssLengthInPoints(config.pdf.margin.top),
    marginEnd: cssLengthInPoints(rtl ? config.pdf.margin.left : config.pdf.margin.right),
    direction: config.direction,
  };
  const base = file.replace(/\.pdf$/i, '');
  const stamps = recipients.map((recipient, i) => ({ number: i + 1, total, recipient }));
  const stamp = await prepareCopies(finished, stamps, layout);
  for (const { number, ...rest } of stamps) {
    const stamped = stamp({ number, ...rest });
    await out.write(
      `copies/${base}-copy-${String(number).padStart(width, '0')}-of-${total}.pdf`,
      stamped,
    );
  }
  return total;
}
