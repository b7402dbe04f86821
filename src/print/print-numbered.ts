import type { PDFDocument } from 'pdf-lib';
import { mergePieces } from '../finish/merge-pieces.ts';
import {
  joinMaps,
  pageNumbers,
  paginationMoves,
  pieceStarts,
  widestLabel,
} from '../finish/numbering.ts';
import { loadPrinted, readDestinations, readMarkerMap, type PageMap } from '../finish/page-map.ts';
import type { Book } from '../model/book.ts';
import type { PageNumbers } from '../model/page-numbers.ts';
import { HandbookError } from '../report/errors.ts';
import type { OutputFolder } from '../render/output-files.ts';
import { printId, reservedText, slotTemplate } from '../render/print-content.ts';
import {
  draftPageCss,
  pageFill,
  PRINT_FILE,
  renderPrintEdition,
  renderPrintPieces,
  slotDigits,
} from '../render/print-edition.ts';
import { planPieces, type PieceSplit } from './pieces.ts';
import type { Printer, PrintPiece } from './printer.ts';

/** Prints before giving up on page numbers that keep moving (one is the usual). */
const MAX_PRINTS = 4;

export interface NumberedPrint {
  /** The final print, loaded, its pieces merged. */
  printed: PDFDocument;
  /** Where every link target landed in it. */
  map: PageMap;
  numbers: PageNumbers;
  /** The print edition as printed, for the record. */
  html: string;
  /** Full prints made (a draft is not one). */
  prints: number;
  drafted: boolean;
  pieces: number;
}

export interface PrintOptions {
  /** The page map of an earlier build of this handbook: printed with, instead of a draft. */
  guess?: PageMap;
  pieces?: number;
  trace: (step: string) => void;
}

/**
 * Print the handbook with every page number right. Each page number sits in a slot whose
 * width does not depend on it, so a layout is known before its numbers are: a draft (the
 * same layout, text hidden, a marker at each link target) tells where every target lands,
 * the numbers are filled into the loaded pages, and one full print is the last. With an
 * earlier build's page map the draft is skipped: print with those numbers, read where the
 * targets landed, done when nothing moved (else fill the numbers read and print again).
 */
export async function printNumbered(
  book: Book,
  out: OutputFolder,
  printer: Printer,
  options: PrintOptions,
): Promise<NumberedPrint> {
  const { trace } = options;
  const firstChapter = book.chapters[0]!;
  const split = planPieces(book, options.pieces);
  const guess = options.guess && usableGuess(book, options.guess) ? options.guess : undefined;
  let digits = slotDigits(book, guess?.pageCount);
  let numbers = guess ? pageNumbers(guess, printId(firstChapter.id)) : undefined;
  const first = { slotDigits: digits, ...(numbers ? { numbers } : {}) };
  await out.write(PRINT_FILE, await renderPrintEdition(book, first));
  const files = split ? await writePieces(book, out, split, first) : undefined;
  trace('render');
  const pieces = await printer.load(PRINT_FILE, files);
  await Promise.all((files?.pieces ?? []).map((piece) => out.remove(piece.file)));
  const ranges = pieces > 1 ? split!.ranges : [[0, book.chapters.length] as [number, number]];
  trace(`load in ${pieces} piece${pieces === 1 ? '' : 's'}`);

  let expected: PageMap;
  let starts: number[];
  if (guess) {
    expected = guess;
    starts = guessedStarts(guess, split, ranges);
  } else {
    const targets = await printer.beginDraft(draftPageCss(book));
    const drafts = await printer.print({ draft: true });
    trace('print draft');
    const draftMaps = await Promise.all(drafts.map((d, i) => readMarkerMap(d, targets[i]!)));
    expected = joinMaps(draftMaps);
    starts = pieceStarts(draftMaps.map((m) => m.pageCount));
    trace('read draft markers');
  }
  for (let prints = 1; ; prints++) {
    numbers = pageNumbers(expected, printId(firstChapter.id));
    // A handbook longer than its slots were made for: they grow (and the pages may move).
    const needed = widestLabel(numbers);
    const reserve =
      needed > digits
        ? reservedText(
            slotTemplate(book.config.pdf.crossReference ?? book.config.words.crossReference)
              .template,
            needed,
          )
        : undefined;
    if (needed > digits) {
      trace(`slots grow from ${digits} to ${needed} digits`);
      digits = needed;
    }
    const pageNumbersOf = numbers;
    await printer.fill(
      starts.map((start, i) =>
        pageFill(book, pageNumbersOf, {
          ...(i > 0 ? { firstPage: start - pageNumbersOf.frontPages + 1 } : {}),
          ...(reserve !== undefined ? { reserve } : {}),
        }),
      ),
    );
    trace('fill numbers');
    // While Chromium prints, render the same document as a file, for the record.
    const printing = printer.print();
    const html = await renderPrintEdition(book, { numbers, slotDigits: digits });
    const pdfs = await printing;
    trace('print');
    const loaded = await Promise.all(pdfs.map((pdf) => loadPrinted(pdf)));
    starts = pieceStarts(loaded.map((doc) => doc.getPageCount()));
    const printed = mergePieces(loaded);
    const map = readDestinations(printed);
    trace(pdfs.length > 1 ? `merge ${pdfs.length} pieces, read page map` : 'read page map');
    const moved = paginationMoves(expected, map);
    if (!moved) return { printed, map, numbers, html, prints, drafted: !guess, pieces };
    trace(`pagination moved: ${moved}`);
    if (prints >= MAX_PRINTS) {
      throw new HandbookError(`Page numbers kept moving after ${MAX_PRINTS} prints`, {
        hint: 'Please report this with the handbook that causes it.',
      });
    }
    expected = map;
  }
}

/**
 * The print edition in pieces, each written beside print.html (to be removed once loaded),
 * with the fragments any of them links to.
 */
async function writePieces(
  book: Book,
  out: OutputFolder,
  split: PieceSplit,
  options: Parameters<typeof renderPrintPieces>[2],
): Promise<{ pieces: PrintPiece[]; linked: string[] }> {
  const html = await renderPrintPieces(book, split.ranges, options);
  const linked = new Set<string>();
  // Any `href="#…"` in the text, code examples included: a fragment too many only adds a
  // hidden link to an element that is there anyway.
  for (const piece of html) for (const m of piece.matchAll(/href="#([^"]*)"/g)) linked.add(m[1]!);
  const pieces = await Promise.all(
    split.ranges.map(async ([from, to], i) => {
      const file = `print-piece-${i + 1}.html`;
      await out.write(file, html[i]!);
      return {
        file,
        chapterIds: split.chapterIds.slice(from, to),
        first: i === 0,
        last: i === split.ranges.length - 1,
      };
    }),
  );
  return { pieces, linked: [...linked].map(unescapeAttribute) };
}

/** An attribute value as written by hast-util-to-html, as the browser reads it. */
function unescapeAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** An earlier map can stand in for a draft when it knows where every chapter starts. */
function usableGuess(book: Book, guess: PageMap): boolean {
  return book.chapters.every((c) => guess.destinations[printId(c.id)] !== undefined);
}

/** Where each piece starts by the earlier map: the page its first chapter opened on. */
function guessedStarts(
  guess: PageMap,
  split: PieceSplit | undefined,
  ranges: [number, number][],
): number[] {
  return ranges.map(([from], i) =>
    i === 0 ? 0 : guess.destinations[split!.chapterIds[from]!]!.page,
  );
}
