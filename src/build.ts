import { moveInlineStyles } from './transform/inline-styles.ts';
import path from 'node:path';
import { buildPdf, pdfFileName } from './build-pdf.ts';
import { drawDiagrams } from './transform/diagrams/draw-diagrams.ts';
import { cacheDir } from './cache/cache-dir.ts';
import { ChapterStore } from './cache/chapter-store.ts';
import { PrintMemory } from './cache/print-memory.ts';
import { SignedStore } from './cache/signed-store.ts';
import { checkFontCoverage } from './check/font-coverage.ts';
import { loadBook } from './load/load-book.ts';
import { openPrinter } from './print/printer.ts';
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
  /** Path of the PDF, when one was made. */
  pdfPath?: string;
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
  await assertReplaceable(outDir, { root, chaptersDir: loaded.config.chaptersDir });
  options.signal?.throwIfAborted();

  const withPdf = options.pdf !== false && loaded.config.pdf.enabled;
  const cache = openCache(root, outDir, options.cache);
  const staging = await createStaging(outDir).catch((error: unknown) => {
    throw explainFileError(error, path.dirname(outDir));
  });
  // Chromium takes a moment to start and to open a page: do it beside the transform. If
  // the build ends before printing, the printer is closed below; a failed start is
  // reported by the print stage, which awaits the same promise.
  const printer = withPdf
    ? openPrinter({
        baseDir: staging,
        timeout: loaded.config.pdf.timeout,
        ...(options.browser ? { executablePath: options.browser } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })
    : undefined;
  printer?.catch(() => undefined);
  let printerHandedOver = false;
  try {
    options.onStage?.('transform', `${loaded.chapters.length} chapters`);
    const book = options.transformer
      ? await options.transformer.transform(loaded, diagnostics)
      : await transformBook(loaded, diagnostics, {
          ...(cache ? { store: new ChapterStore(cache, root) } : {}),
        });
    await drawDiagrams(book, diagnostics, {
      timeout: loaded.config.pdf.timeout,
      ...(cache ? { store: cache } : {}),
      ...(options.browser ? { executablePath: options.browser } : {}),
    });
    moveInlineStyles(book);
    trace('diagrams');
    await checkFontCoverage(book, diagnostics);
    if (failed()) {
      await discardStaging(staging);
      return result({ book });
    }
    options.signal?.throwIfAborted();

    options.onStage?.('render');
    const out = new OutputFolder(staging);
    await copyAssets(book, out);
    // The PDF starts now: Chromium loads and prints while this thread writes the pages.
    let printing: ReturnType<typeof buildPdf> | undefined;
    if (printer) {
      options.onStage?.('print');
      printerHandedOver = true;
      const memory = cache ? new PrintMemory(cache, book) : undefined;
      printing = (async () => {
        const guess = await memory?.recall();
        const made = await buildPdf(book, out, {
          printer,
          onFinish: () => options.onStage?.('finish'),
          ...(options.printPieces ? { pieces: options.printPieces } : {}),
          ...(guess ? { guess } : {}),
        });
        await memory?.keep(made.map);
        return made;
      })();
      // Reported by the await below; this only keeps an early failure from being unhandled.
      printing.catch(() => undefined);
    }
    await renderSite(book, out, {
      assets: false,
      ...(withPdf ? { pdfName: pdfFileName(book) } : {}),
    });
    trace('render site');
    options.onStage?.('search', `${book.chapters.length} pages`);
    await writeSearchIndex(staging, book.config.language);
    trace('search index');
    const pdf = await printing;
    options.signal?.throwIfAborted();
    options.onStage?.('write', outDir);
    await commitStaging(staging, outDir);
    return {
      ok: true,
      diagnostics,
      outDir,
      book,
      pages: book.chapters.length + 1,
      ...(pdf
        ? {
            pdfPath: path.join(outDir, pdf.file),
            pdfPages: pdf.pages,
            prints: pdf.prints,
            printPieces: pdf.pieces,
            pdfDrafted: pdf.drafted,
          }
        : {}),
    };
  } catch (error) {
    await discardStaging(staging);
    throw explainFileError(error, outDir);
  } finally {
    if (printer && !printerHandedOver) await printer.then((p) => p.close()).catch(() => undefined);
  }
}
