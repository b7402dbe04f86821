import type { PDFDocument } from 'pdf-lib';
import {
  applyMarkedStreams,
  markUntaggedAsArtifacts,
  type MarkedStreams,
} from '../finish/artifacts.ts';
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
import {
  printId,
  reservedText,
  slotTemplate,
  type PrintContentMemo,
} from '../render/print-content.ts';
import {
  draftPageCss,
  pageFill,
  PRINT_FILE,
  renderPrintEdition,
  renderPrintPieces,
  slotDigits,
} from '../render/print-edition.ts';
import type { PrintedPieces } from '../cache/printed-pieces.ts';
import type { PageFill } from '../model/page-numbers.ts';
import { pieceFirsts, planPieces, type PieceSplit } from './pieces.ts';
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
  /** Full prints made (a draft is not one): rounds until the page numbers settled. */
  prints: number;
  drafted: boolean;
  pieces: number;
  /** The first chapter of each piece, for the next build to cut its pieces alike. */
  pieceFirsts?: string[];
  /** Pieces of the final print taken from an earlier build's instead of printed. */
  reused: number;
  /** The printed pieces being written to the cache (cache/printed-pieces.ts). */
  kept: Promise<void>;
}

export interface PrintOptions {
  /** The page map of an earlier build of this handbook: printed with, instead of a draft. */
  guess?: PageMap;
  pieces?: number;
  /** The first chapter of each piece of the earlier build. */
  previousPieces?: string[];
  /** Pieces printed by earlier builds. */
  printed?: PrintedPieces;
  trace: (step: string) => void;
  /**
   * Called once Chromium has documents to load: from then on it lays them out and prints
   * on its own core, and the build's thread is free for the rest of the build.
   */
  onLoading?: () => void;
  /**
   * Called once at most one piece of the final print is left printing (at once when the
   * pieces to print are that few): Chromium leaves a core free from then on.
   */
  onLastPrint?: () => void;
  /** The theme's assets and the chapters' files being copied into the folder printed from. */
  assets?: Promise<void>;
}

/** A document the printer loads: the whole print edition, or one piece of it. */
interface Unit {
  file: string;
  html: string;
  piece?: PrintPiece;
}

/**
 * Print the handbook with every page number right. Each page number sits in a slot whose
 * width does not depend on it, so a layout is known before its numbers are: a draft (the
 * same layout, text hidden, a marker at each link target) tells where every target lands,
 * the numbers are filled into the loaded pages, and one full print is the last. With an
 * earlier build's page map the draft is skipped: print with those numbers, read where the
 * targets landed, done when nothing moved (else fill the numbers read and print again).
 * A piece whose document and numbers an earlier build printed alike is not printed again.
 */
export async function printNumbered(
  book: Book,
  out: OutputFolder,
  printer: Printer,
  options: PrintOptions,
): Promise<NumberedPrint> {
  const { trace } = options;
  const firstChapter = book.chapters[0]!;
  let split = planPieces(book, options.pieces, options.previousPieces);
  const guess = options.guess && usableGuess(book, options.guess) ? options.guess : undefined;
  let digits = slotDigits(book, guess?.pageCount);
  // Rendered without numbers (the fill writes them in), so that a piece is named alike
  // whether its numbers came from a draft or from a guess.
  // Each chapter rendered once, its numbers written into the same HTML for the record.
  const memo: PrintContentMemo = new Map();
  const first = { slotDigits: digits, memo, forPrinter: true };
  const whole = async (): Promise<Unit[]> => {
    const html = await renderPrintEdition(book, first);
    await out.write(PRINT_FILE, html);
    return [{ file: PRINT_FILE, html }];
  };
  const written = split ? await writePieces(book, out, split, first) : undefined;
  let units = written?.units ?? (await whole());
  trace('render');
  const browser = await printer.version();
  /** Load the units not loaded yet of `wanted`; false when the pieces fell back to the whole. */
  const load = async (wanted: number[]) => {
    await options.assets;
    const loading = printer.load(PRINT_FILE, written, wanted);
    options.onLoading?.();
    const count = await loading;
    if (!split || count > 1) return true;
    split = undefined;
    units = await whole();
    await printer.load(PRINT_FILE);
    return false;
  };

  try {
    return await printRounds();
  } finally {
    await Promise.all((written?.pieces ?? []).map((piece) => out.remove(piece.file)));
  }

  async function printRounds(): Promise<NumberedPrint> {
    let expected: PageMap;
    let starts: number[];
    if (guess) {
      expected = guess;
      starts = guessedStarts(guess, split);
    } else {
      await load(units.map((_, i) => i));
      trace(`load in ${units.length} piece${units.length === 1 ? '' : 's'}`);
      const targets = await printer.beginDraft(draftPageCss(book));
      const draftMaps = await Promise.all(
        printer.print({ draft: true }).map(async (d, i) => readMarkerMap(await d, targets[i]!)),
      );
      trace('print draft, read its markers');
      expected = joinMaps(draftMaps);
      starts = pieceStarts(draftMaps.map((m) => m.pageCount));
    }
    for (let prints = 1; ; prints++) {
      const numbers = pageNumbers(expected, printId(firstChapter.id));
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
      const fills = starts.map((start, i) =>
        pageFill(book, numbers, {
          ...(i > 0 ? { firstPage: start - numbers.frontPages + 1 } : {}),
          ...(reserve !== undefined ? { reserve } : {}),
        }),
      );
      const names = units.map((unit, i) =>
        options.printed?.key(unitKey(unit, fills[i]!, written?.linked, browser)),
      );
      const recalled = await Promise.all(
        names.map((name) => (name ? options.printed?.recall(name) : undefined)),
      );
      const missing = units.map((_, i) => i).filter((i) => !recalled[i]);
      const loading = missing.length > 0 ? load(missing) : Promise.resolve(true);
      // While Chromium loads the pieces to print, read the ones taken from the last build.
      const keptRead = readInTurn(recalled);
      keptRead.catch(() => undefined);
      if (!(await loading)) {
        // Printed whole after all: the numbers are the same, the pieces' starts are not.
        starts = [0];
        prints--;
        continue;
      }
      const reused = units.length - missing.length;
      trace(`load ${missing.length} of ${units.length} pieces, ${reused} as printed before`);
      await printer.fill(fills.map((fill, i) => (missing.includes(i) ? fill : undefined)));
      trace('fill numbers');
      const printing = missing.length > 0 ? printer.print({ only: missing }) : [];
      // A failed print is reported where it is awaited, below, not as unhandled meanwhile.
      for (const print of printing) print.catch(() => undefined);
      windingDown(printing, options.onLastPrint);
      // While Chromium prints, render the same document as a file, for the record; then
      // read each printed piece as it comes.
      const html = await renderPrintEdition(book, { numbers, slotDigits: digits, memo });
      const kept = await keptRead;
      const ready = await Promise.all(
        units.map((_, i) => kept[i] ?? printing[missing.indexOf(i)]!.then(readPiece)),
      );
      trace(missing.length > 0 ? 'print' : 'read pieces');
      const loaded = ready.map((piece) => piece.doc);
      starts = pieceStarts(loaded.map((doc) => doc.getPageCount()));
      const printed = mergePieces(loaded);
      const map = readDestinations(printed);
      trace(units.length > 1 ? `merge ${units.length} pieces, read page map` : 'read page map');
      const moved = paginationMoves(expected, map);
      if (!moved) {
        // Written to the cache while the PDF is finished; awaited before the build ends.
        const kept = Promise.all(
          missing.map((i) =>
            options.printed?.keep(
              names[i]!,
              { pdf: ready[i]!.pdf, marked: ready[i]!.marked },
              printer.filesRead(i),
              units[i]!.file,
            ),
          ),
        ).then(() => undefined);
        kept.catch(() => undefined);
        return {
          kept,
          printed,
          map,
          numbers,
          html,
          prints,
          drafted: !guess,
          pieces: units.length,
          ...(split ? { pieceFirsts: pieceFirsts(split) } : {}),
          reused,
        };
      }
      trace(`pagination moved: ${moved}`);
      // Printed again from a fresh load, as a clean build prints them (see Printer.unload).
      printer.unload(missing);
      if (prints >= MAX_PRINTS) {
        throw new HandbookError(`Page numbers kept moving after ${MAX_PRINTS} prints`, {
          hint: 'Please report this with the handbook that causes it.',
        });
      }
      expected = map;
    }
  }
}

/** Call `then` once all prints but one have ended (however they ended). */
function windingDown(prints: Promise<unknown>[], then: (() => void) | undefined): void {
  let left = prints.length;
  if (left <= 1) return then?.();
  for (const print of prints)
    void print
      .finally(() => {
        if (--left === 1) then?.();
      })
      .catch(() => undefined);
}

type ReadPiece = Awaited<ReturnType<typeof readPiece>>;

/**
 * The pieces an earlier build printed, read one after another with a turn of the event
 * loop between them: reading one takes tens of milliseconds of this thread, and the
 * browser's messages (a page loaded, its fonts ready) are answered in between.
 */
async function readInTurn(
  recalled: ({ pdf: Uint8Array; marked: MarkedStreams } | undefined)[],
): Promise<(ReadPiece | undefined)[]> {
  const read: (ReadPiece | undefined)[] = [];
  for (const kept of recalled) {
    if (kept) await new Promise((resolve) => setImmediate(resolve));
    read.push(kept ? await readPiece(kept.pdf, kept.marked) : undefined);
  }
  return read;
}

/** A printed piece parsed, its margins marked (`marked`: as an earlier build marked them). */
async function readPiece(pdf: Uint8Array, marked?: MarkedStreams) {
  const doc = await loadPrinted(pdf);
  if (!marked) return { pdf, doc, marked: await markUntaggedAsArtifacts(doc) };
  applyMarkedStreams(doc, marked);
  return { pdf, doc, marked };
}

/**
 * What a unit's print depends on that is known before printing it: its document, the
 * page rules and the labels of the slots it holds (not every label of the handbook: an
 * edit that moves the pages of a later chapter leaves a piece without links there as it
 * was), the fragments linked from other pieces that it holds (a link added elsewhere
 * leaves it as it was), and the browser.
 */
function unitKey(
  unit: Unit,
  fill: PageFill,
  linked: string[] | undefined,
  browser: string,
): string[] {
  const shown: [string, string | null][] = [];
  for (const m of unit.html.matchAll(/ data-page-of="([^"]*)"/g)) {
    const id = unescapeAttribute(m[1]!);
    shown.push([id, fill.labels[id] ?? null]);
  }
  return [
    browser,
    unit.html,
    fill.pageCss,
    fill.reserve ?? '',
    JSON.stringify(shown),
    JSON.stringify(unit.piece ?? null),
    JSON.stringify(heldFragments(unit.html, linked ?? [])),
  ];
}

/**
 * The linked fragments a document may hold (keepPiece gives each a hidden link): a plain
 * id that is none of its elements' is left out; anything else is kept in, to be safe.
 */
function heldFragments(html: string, linked: string[]): string[] {
  // One pass over the document, not one search per link: a handbook has thousands of both.
  const ids = new Set(Array.from(html.matchAll(/ id="([^"]*)"/g), (m) => m[1]));
  return linked.filter((fragment) => !/^[\w.:-]+$/.test(fragment) || ids.has(fragment));
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
): Promise<{ pieces: PrintPiece[]; linked: string[]; units: Unit[] }> {
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
  return {
    pieces,
    linked: [...linked].map(unescapeAttribute),
    units: pieces.map((piece, i) => ({ file: piece.file, html: html[i]!, piece })),
  };
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
function guessedStarts(guess: PageMap, split: PieceSplit | undefined): number[] {
  if (!split) return [0];
  return split.ranges.map(([from], i) =>
    i === 0 ? 0 : guess.destinations[split.chapterIds[from]!]!.page,
  );
}
