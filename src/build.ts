import { moveInlineStyles } from './transform/inline-styles.ts';
import path from 'node:path';
import type { PdfResult } from './build-pdf.ts';
import { pdfFileName } from './render/pdf-name.ts';
import type { Conformance } from './finish/conformance.ts';
import { editionsOf } from './load/editions.ts';
import { DrawingSession } from './transform/diagrams/drawing-session.ts';
import { drawDiagrams } from './transform/diagrams/draw-diagrams.ts';
import { cacheDir } from './cache/cache-dir.ts';
import { ChapterStore } from './cache/chapter-store.ts';
import { PrintMemory, type Recalled } from './cache/print-memory.ts';
import { PrintedPieces } from './cache/printed-pieces.ts';
import { SignedStore } from './cache/signed-store.ts';
import { checkFontCoverage } from './check/font-coverage.ts';
import { loadBook } from './load/load-book.ts';
import { expectedPieces } from './print/pieces.ts';
import { loadBrowserModules } from './print/launch.ts';
import { closePrinter, openPrinter, type Printer } from './print/printer.ts';
import type { Book } from './model/book.ts';
import {
  createStaging,
  assertReplaceable,
  commitStaging,
  discardStaging,
} from './output/staging.ts';
import { Diagnostics } from './report/diagnostics.ts';
import { explainFileError } from './report/errors.ts';
import { tracer } from './report/trace.ts';
import { OutputFolder } from './render/output-files.ts';
import { writeSearchIndex } from './render/search-index.ts';
import { copyAssets, renderSite } from './render/site.ts';
import { draftInfo } from './load/draft-info.ts';
import { applyChanges } from './transform/changes/apply-changes.ts';
import { transformBook } from './transform/transform-book.ts';
import type { Transformer } from './transform/transformer.ts';

export type Stage = 'load' | 'transform' | 'render' | 'search' | 'print' | 'finish' | 'write';

export interface BuildOptions {
  /** The project folder. */
  root: string;
  /** Output folder; defaults to `<root>/dist`. */
  outDir?: string;
  /** A chapters folder other than the config's. */
  chaptersDir?: string;
  /** Build the PDF handbook too (unless the config turns it off). Default true. */
  pdf?: boolean;
  /** Warnings fail the build. */
  strict?: boolean;
  signal?: AbortSignal;
  /** Called as each stage starts, for progress reports. */
  onStage?: (stage: Stage, detail?: string) => void;
  /** Where paths in messages are shown relative to. */
  cwd?: string;
  /** A transformer kept between builds (`handbook dev`): unchanged chapters are not redone. */
  transformer?: Transformer;
  /** A Chromium or Chrome executable to print with (else found as README › Browser says). */
  browser?: string;
  /** Print the PDF in this many pieces side by side (default: one per core, for a large handbook). */
  printPieces?: number;
  /**
   * Keep each chapter's result and the PDF's page map between builds (cache/): in `dir`, or
   * where cache-dir.ts says; `false` for a clean build that neither reads nor writes one.
   */
  cache?: { dir?: string } | false;
  /** Show what changed since this git ref or folder (else the config's `previousEdition`). */
  changesSince?: string;
  /** Build a draft whatever the config's `status` says. */
  draft?: boolean;
  /** Also write the numbered copies of each PDF, one per copy on the distribution list. */
  copies?: boolean;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostics;
  outDir: string;
  book?: Book;
  /** Pages written to the HTML edition. */
  pages: number;
  /** Pages in the PDF, when one was made. */
  pdfPages?: number;
  /** Times the PDF was printed until its page numbers settled. */
  prints?: number;
  /** Pieces the PDF was printed in, side by side. */
  printPieces?: number;
  /** Whether a draft was printed first: not when the last build's page map stood in for it. */
  pdfDrafted?: boolean;
  /** Pieces of the PDF taken as an earlier build printed them, not printed again. */
  pdfPiecesReused?: number;
  /** Path of the PDF, when one was made. */
  pdfPath?: string;
  /** What the PDF claims to meet (PDF/UA, PDF/A) and why not, when it does not. */
  pdfConformance?: Conformance;
  /** Numbered copies written beside the PDF (copies/), when asked for. */
  pdfCopies?: number;
  /** Every language's edition, when the handbook has more than one: its folder, pages and PDF. */
  editions?: {
    language: string;
    dir: string;
    book: Book;
    pages: number;
    pdfPath?: string;
    pdfPages?: number;
    pdfConformance?: Conformance;
    pdfCopies?: number;
  }[];
}

/** The signed store of this project's cache, unless turned off or nowhere to be kept. */
function openCache(
  root: string,
  outDir: string,
  option: BuildOptions['cache'],
): SignedStore | undefined {
  if (option === false) return undefined;
  const dir = cacheDir(root, outDir, option?.dir);
  return dir ? SignedStore.open(dir) : undefined;
}

/**
 * load → transform → render → print → finish, then the staged output replaces the old.
 * Content problems end the build before anything is written; the previous output stays.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist'));
  const diagnostics = new Diagnostics(options.cwd);
  // `--strict`, or `strict: true` in handbook.yml once it is read.
  let strict = options.strict === true;
  const failed = () => diagnostics.failed(strict);
  const result = (extra: Partial<BuildResult> = {}): BuildResult => ({
    ok: false,
    diagnostics,
    outDir,
    pages: 0,
    ...extra,
  });

  const trace = tracer('build');
  options.onStage?.('load');
  const loaded = await loadBook(
    { root, ...(options.chaptersDir ? { chaptersDir: path.resolve(options.chaptersDir) } : {}) },
    diagnostics,
  );
  trace('load');
  strict ||= loaded?.config.strict === true;
  if (!loaded || failed()) return result(loaded ? { book: loaded } : {});
  if (options.draft) loaded.config.status = 'draft';
  if (loaded.config.status === 'draft') loaded.draft = await draftInfo(root);
  await assertReplaceable(outDir, { root, chaptersDir: loaded.config.chaptersDir });
  options.signal?.throwIfAborted();

  const withPdf = options.pdf !== false && loaded.config.pdf.enabled;
  const cache = openCache(root, outDir, options.cache);
  const staging = await createStaging(outDir).catch((error: unknown) => {
    throw explainFileError(error, path.dirname(outDir));
  });
  // Chromium takes a moment to start and to open a page: do it beside the transform. If
  // the build ends before printing, the printer is closed below; a failed start is
  // reported by the print stage, which awaits the same promise. A tab for each piece it
  // will print in, unless the last build's page map is kept: then most pieces are as
  // printed before, and the few to print again get a tab when loaded. The page map is
  // read once, here, and handed to the first edition's print.
  const recalled = withPdf && cache ? new PrintMemory(cache, loaded).recall() : undefined;
  if (withPdf) await loadBrowserModules();
  const printer = withPdf
    ? openPrinter({
        baseDir: staging,
        timeout: loaded.config.pdf.timeout,
        tabs: (async () => ((await recalled) ? 1 : expectedPieces(loaded, options.printPieces)))(),
        ...(options.browser ? { executablePath: options.browser } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })
    : undefined;
  printer?.catch(() => undefined);
  let printerHandedOver = false;
  try {
    options.onStage?.('transform', `${loaded.chapters.length} chapters`);
    const books: Book[] = [];
    const drawing = new DrawingSession(options.browser);
    try {
      for (const edition of await editionsOf(loaded, diagnostics)) {
        // Each translated edition reports into its own list first: an original standing
        // in for a translation says its problems once.
        const own = books.length === 0 ? diagnostics : new Diagnostics(options.cwd);
        const original = books.length === 0;
        books.push(await transformEdition(edition, own, original, cache, drawing, options));
        if (own !== diagnostics) diagnostics.merge(own);
      }
    } finally {
      await drawing.close();
    }
    // Once every edition has used the cache: what none of them read or wrote is old.
    await cache
      ?.sweepUntouched(
        options.transformer ? ['diagram', 'glyphs'] : ['parsed', 'rendered', 'diagram', 'glyphs'],
      )
      .catch(() => undefined);
    trace('transform');
    if (failed()) {
      await discardStaging(staging);
      return result({ book: books[0]! });
    }
    options.signal?.throwIfAborted();

    options.onStage?.('render');
    const made: EditionResult[] = [];
    for (const book of books) {
      const first = made.length === 0;
      made.push(
        await renderEdition(book, staging, {
          ...options,
          withPdf,
          cache,
          printer: first ? printer : undefined,
          recalled: first ? recalled : undefined,
          onHandedOver: () => (printerHandedOver = true),
        }),
      );
    }
    // Pieces no edition printed with are of an older print (an HTML-only build has none).
    if (withPdf) await cache?.sweepUntouched(['printed']).catch(() => undefined);
    options.signal?.throwIfAborted();
    options.onStage?.('write', outDir);
    await commitStaging(staging, outDir);
    const [main] = made;
    const book = books[0]!;
    return {
      ok: true,
      diagnostics,
      outDir,
      book,
      pages: made.reduce((n, m) => n + m.pages, 0),
      ...(main?.pdf
        ? {
            pdfPath: path.join(outDir, main.pdf.file),
            pdfPages: main.pdf.pages,
            prints: main.pdf.prints,
            printPieces: main.pdf.pieces,
            pdfDrafted: main.pdf.drafted,
            pdfPiecesReused: main.pdf.reused,
            pdfConformance: main.pdf.conformance,
            pdfCopies: main.pdf.copies,
          }
        : {}),
      ...(books.length > 1
        ? {
            editions: made.map((m, i) => ({
              language: books[i]!.config.language,
              dir: books[i]!.edition?.dir ?? '',
              book: books[i]!,
              pages: m.pages,
              ...(m.pdf
                ? {
                    pdfPath: path.join(outDir, books[i]!.edition?.dir ?? '', m.pdf.file),
                    pdfPages: m.pdf.pages,
                    pdfConformance: m.pdf.conformance,
                    pdfCopies: m.pdf.copies,
                  }
                : {}),
            })),
          }
        : {}),
    };
  } catch (error) {
    await discardStaging(staging);
    throw explainFileError(error, outDir);
  } finally {
    if (!printerHandedOver) await closePrinter(printer);
  }
}

/** Transform one edition: its chapters, diagrams and styles, and the check of its fonts. */
async function transformEdition(
  loaded: Book,
  diagnostics: Diagnostics,
  original: boolean,
  cache: SignedStore | undefined,
  session: DrawingSession,
  options: BuildOptions,
): Promise<Book> {
  const book =
    original && options.transformer
      ? await options.transformer.transform(loaded, diagnostics)
      : await transformBook(loaded, diagnostics, {
          ...(cache ? { store: new ChapterStore(cache, loaded.root) } : {}),
        });
  await drawDiagrams(book, diagnostics, {
    timeout: loaded.config.pdf.timeout,
    session,
    ...(cache ? { store: cache } : {}),
  });
  moveInlineStyles(book);
  await checkFontCoverage(book, diagnostics, cache);
  // What changed since the previous edition, in every language's edition.
  await applyChanges(book, diagnostics, options.changesSince);
  return book;
}

interface EditionResult {
  pages: number;
  pdf?: PdfResult;
}

/**
 * Write one edition into its folder of the staged output: its pages and search index,
 * and its PDF, printed while the pages are written (by the printer opened beside the
 * transform for the first edition, by one of its own for the others).
 */
async function renderEdition(
  book: Book,
  staging: string,
  options: BuildOptions & {
    withPdf: boolean;
    cache: SignedStore | undefined;
    printer: Promise<Printer> | undefined;
    /** The last build's page map for this edition, when read already. */
    recalled: Promise<Recalled | undefined> | undefined;
    onHandedOver: () => void;
  },
): Promise<EditionResult> {
  const trace = tracer('build');
  const dir = path.join(staging, ...(book.edition?.dir ?? '').split('/').filter(Boolean));
  const out = new OutputFolder(dir);
  // Copied while the print documents are rendered: Chromium needs them only to load those.
  const assets = copyAssets(book, out);
  assets.catch(() => undefined);
  let printing: Promise<PdfResult> | undefined;
  // Chromium has the print documents (the pages are written from then on), and it has
  // all but one printed (the search index is made from then on): see below.
  const chromiumBusy = later();
  const printed = later();
  if (!options.withPdf) {
    chromiumBusy.resolve();
    printed.resolve();
  } else {
    options.onStage?.('print', book.edition ? book.config.language : undefined);
    const printer =
      options.printer ??
      openPrinter({
        baseDir: dir,
        timeout: book.config.pdf.timeout,
        ...(options.browser ? { executablePath: options.browser } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    options.onHandedOver();
    const memory = options.cache ? new PrintMemory(options.cache, book) : undefined;
    printing = (async () => {
      // Until buildPdf has it, closing the printer on a failure is this function's job.
      const [recalled, { buildPdf }] = await Promise.all([
        options.recalled ?? memory?.recall(),
        // Loaded when printing starts (pdf-lib and the finishing steps: 0.3 s), not with
        // the command: an HTML-only build never needs them.
        import('./build-pdf.ts'),
      ]).catch(async (error: unknown) => {
        await closePrinter(printer);
        throw error;
      });
      const made = await buildPdf(book, out, {
        printer,
        onLoading: chromiumBusy.resolve,
        assets,
        onLastPrint: printed.resolve,
        onFinish: () => options.onStage?.('finish'),
        ...(options.printPieces ? { pieces: options.printPieces } : {}),
        ...(recalled ? { guess: recalled.map } : {}),
        ...(recalled?.pieces ? { previousPieces: recalled.pieces } : {}),
        ...(options.cache ? { printed: new PrintedPieces(options.cache, dir) } : {}),
        ...(options.copies ? { copies: true } : {}),
      });
      await memory?.keep({
        map: made.map,
        ...(made.pieceFirsts ? { pieces: made.pieceFirsts } : {}),
      });
      return made;
    })();
    // A failure is reported by the await below; whatever waits on Chromium goes on.
    printing
      .finally(() => {
        chromiumBusy.resolve();
        printed.resolve();
      })
      .catch(() => undefined);
  }
  // The print documents first: the PDF takes longest, and once Chromium has them to lay
  // out and print, the pages are written beside it (both on one thread, they would take
  // turns and Chromium would wait).
  await chromiumBusy.promise;
  await renderSite(book, out, {
    assets: false,
    ...(options.withPdf ? { pdfName: pdfFileName(book) } : {}),
  });
  await assets;
  trace('render site');
  // The search index is made by a process of its own: while Chromium prints on every core
  // it would slow the print by more than it takes; once one piece is left printing (at
  // once, after an edit that reprints one), it has a core to itself.
  await printed.promise;
  if (options.withPdf) trace('wait for the print');
  options.onStage?.('search', `${book.chapters.length} pages`);
  await writeSearchIndex(dir, book.config.language);
  trace('search index');
  const pdf = await printing;
  return { pages: book.chapters.length + 1, ...(pdf ? { pdf } : {}) };
}

/** A promise and the function that resolves it. */
function later(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
