import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isInside } from '../load/paths.ts';
import type { HTTPRequest, Page } from 'puppeteer';
import { DRAFT_MARK_URL, PRINT_SLOTS, XREF_URL, type PageFill } from '../model/page-numbers.ts';
import { beginDraft, fillNumbers, keepPiece } from './page-scripts.ts';
import { HandbookError } from '../report/errors.ts';
import { launchBrowser, type RunningBrowser } from './launch.ts';

/** Names the draft uses in the page; chosen not to clash with a theme's. */
const DRAFT = {
  pageCssId: PRINT_SLOTS.pageCssId,
  styleId: 'hb-draft',
  markClass: 'hb-mark',
  hrefAttribute: 'data-hb-href',
  markUrl: DRAFT_MARK_URL,
} as const;

export interface PrinterOptions {
  /** The build's output folder: the only place the page may load files from. */
  baseDir: string;
  executablePath?: string;
  /** Milliseconds for loading and printing one document. */
  timeout: number;
  /**
   * Tabs to open at once (default one): as many as the pieces the document is expected to
   * be printed in, opened beside the transform rather than when the pieces are loaded. A
   * promise when the count is still being worked out: the browser starts meanwhile.
   */
  tabs?: number | Promise<number>;
  signal?: AbortSignal;
}

/** One piece of a document printed in pieces side by side, as loaded into its tab. */
export interface PrintPiece {
  /** Relative to the base folder. */
  file: string;
  /** Print ids of the chapters it holds, in order. */
  chapterIds: string[];
  first: boolean;
  last: boolean;
}

/**
 * Browser tabs that load one document of a build folder and print it: whole in one tab,
 * or in pieces, one per tab, printed at the same time (a print uses one core). Pieces are
 * named by their index in the split; a build may load and print only some of them (the
 * others it has from an earlier build).
 */
export interface Printer {
  /**
   * Load `file` (relative to the base folder) into one tab; or, given `split` (the same
   * document in pieces, `linked` the fragments any of them links to), the pieces `only`
   * names (all by default) each into a tab of its own, unless loaded already. Returns how
   * many pieces the document is printed in: 1 when it is printed whole (its chapters
   * cannot be found as separate blocks; then `file` is loaded instead).
   */
  load(
    file: string,
    split?: { pieces: PrintPiece[]; linked: string[] },
    only?: number[],
  ): Promise<number>;
  /**
   * Turn each loaded piece into a draft: every text hidden (the same layout at a fraction
   * of the printing work), internal links set aside (Chromium's cost per page grows with
   * their number), and at the start of each link target a marker linking to
   * `DRAFT_MARK_URL + n`. Returns each piece's targets, the n-th being marked n.
   */
  beginDraft(draftPageCss: string): Promise<string[][]>;
  /**
   * Print the loaded pieces `only` names (all loaded by default), in that order, side by
   * side: one promise each, so that each can be read as soon as it is printed. A draft
   * print has no backgrounds and no tags.
   */
  print(options?: { draft?: boolean; only?: number[] }): Promise<Uint8Array>[];
  /**
   * Forget the pieces `only` names, so that the next `load` loads them afresh: a tab
   * that has printed once prints again with more fonts than a fresh one (the same pages,
   * other bytes than a clean build's).
   */
  unload(only: number[]): void;
  /** End the draft and write page numbers into the loaded pieces given a fill. */
  fill(fills: (PageFill | undefined)[]): Promise<void>;
  /** The files (absolute paths) a loaded piece has read: its document, styles, fonts, images. */
  filesRead(piece: number): string[];
  /** The browser's name and version, which a printed piece depends on. */
  version(): Promise<string>;
  /** Requests refused while printing (anything not a file of the build). */
  readonly blocked: string[];
  close(): Promise<void>;
}

/**
 * Stage 4: printing. JavaScript is off and every request that is not a file inside the
 * build folder is refused, so a chapter can neither run code nor reach the network or the
 * rest of the disk while it is printed.
 */
export async function openPrinter(options: PrinterOptions): Promise<Printer> {
  options.signal?.throwIfAborted();
  const running = await launchBrowser({
    ...(options.executablePath ? { executablePath: options.executablePath } : {}),
    timeout: options.timeout,
    // A print keeps one renderer busy: one per core prints the pieces side by side as
    // fast as one per tab, and tabs that share a renderer share its fonts and styles
    // (200 chapters in eight pieces: the browser's peak memory 2.5 → 1.4 GB).
    renderers: availableParallelism(),
  });
  // Loaded with the browser (launch.ts): taken from there, not imported with the command.
  const { TimeoutError } = await import('puppeteer');
  const blocked: string[] = [];
  const onAbort = () => void running.close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const open = () => preparePage(running, options.baseDir, blocked, options.timeout);
  // Every step talks to the browser, so every step can meet a crash or a timeout: each
  // one reports it the same way.
  const guarded = async <T>(step: () => Promise<T>): Promise<T> => {
    options.signal?.throwIfAborted();
    try {
      return await step();
    } catch (error) {
      options.signal?.throwIfAborted();
      // A browser that died can surface as a timeout of a call still waiting on it: what
      // happened to the browser decides the hint, not the error's type.
      const child = running.browser.process();
      const died =
        !running.browser.connected || child?.exitCode != null || child?.signalCode != null;
      throw new HandbookError('Printing the PDF failed', {
        cause: error,
        hint:
          error instanceof TimeoutError && !died
            ? `Did it take longer than ${options.timeout / 1000} s? Raise pdf.timeout in handbook.yml.`
            : 'The browser stopped while printing.',
      });
    }
  };
  const tabs: Tab[] = [];
  const openTabs = async (count: number) => {
    const opened = await Promise.all(Array.from({ length: count }, open));
    tabs.push(...opened);
    return opened;
  };
  try {
    await guarded(async () => {
      await openTabs(1);
      const more = Math.max(1, (await options.tabs) ?? 1) - 1;
      if (more > 0) await openTabs(more);
    });
  } catch (error) {
    options.signal?.removeEventListener('abort', onAbort);
    await running.close();
    throw error;
  }
  // The tabs holding the loaded document, by piece: one, or one per piece loaded.
  const loaded = new Map<number, Tab>();
  const loadInto = async (tab: Tab, file: string) => {
    const url = pathToFileURL(path.join(options.baseDir, file)).href;
    tab.expected = url;
    tab.files.clear();
    try {
      await tab.page.goto(url, { waitUntil: 'load', timeout: options.timeout });
    } finally {
      tab.expected = undefined;
    }
    // Every font the document declares, loaded before printing: a font is fetched only
    // when laid-out text asks for it, and the document is not laid out before the print
    // (it is blank on screen), which does not wait for fonts. The fonts.css of a build
    // declares only faces the handbook's characters need.
    await tab.page.evaluate(() => {
      const fonts = Object.getOwnPropertyDescriptor(Document.prototype, 'fonts')!.get!.call(
        document,
      ) as FontFaceSet;
      return Promise.all([...fonts].map((face) => face.load().catch(() => undefined))).then(() =>
        fonts.ready.then(() => undefined),
      );
    });
  };
  // The document loaded whole, if it was: loading it again would lose its draft.
  let whole: string | undefined;
  const loadWhole = async (file: string) => {
    if (whole === file) return 1;
    loaded.clear();
    loaded.set(0, tabs[0]!);
    await loadInto(tabs[0]!, file);
    whole = file;
    return 1;
  };
  const chosen = (only: number[] | undefined) => only ?? [...loaded.keys()].sort((a, b) => a - b);
  return {
    blocked,
    load: (file, split, only) =>
      guarded(async () => {
        const pieces = split?.pieces ?? [];
        if (pieces.length < 2) return loadWhole(file);
        if (whole) return 1;
        const wanted = (only ?? pieces.map((_, i) => i)).filter((i) => !loaded.has(i));
        const free = tabs.filter((tab) => ![...loaded.values()].includes(tab));
        if (free.length < wanted.length)
          free.push(...(await openTabs(wanted.length - free.length)));
        const fresh = wanted.map((index, i) => [index, free[i]!] as const);
        for (const [index, tab] of fresh) loaded.set(index, tab);
        await Promise.all(fresh.map(([index, tab]) => loadInto(tab, pieces[index]!.file)));
        const kept = await Promise.all(
          fresh.map(([index, tab]) => {
            const { chapterIds, first, last } = pieces[index]!;
            return tab.page.evaluate(keepPiece, chapterIds, first, last, split!.linked, XREF_URL);
          }),
        );
        if (kept.every(Boolean)) return pieces.length;
        // A theme whose chapters are not separate blocks of the body: print it whole.
        return loadWhole(file);
      }),
    print: ({ draft = false, only } = {}) =>
      chosen(only).map((index) =>
        guarded(() =>
          loaded.get(index)!.page.pdf({
            preferCSSPageSize: true,
            printBackground: !draft,
            tagged: !draft,
            outline: false,
            timeout: options.timeout,
          }),
        ),
      ),
    beginDraft: (draftPageCss) =>
      guarded(() =>
        Promise.all(
          chosen(undefined).map((index) =>
            loaded.get(index)!.page.evaluate(beginDraft, DRAFT, draftPageCss),
          ),
        ),
      ),
    fill: (fills) =>
      guarded(async () => {
        await Promise.all(
          chosen(undefined)
            .filter((index) => fills[index])
            .map((index) =>
              loaded.get(index)!.page.evaluate(fillNumbers, PRINT_SLOTS, DRAFT, fills[index]!),
            ),
        );
      }),
    unload: (only) => {
      if (whole !== undefined && only.includes(0)) {
        whole = undefined;
        loaded.clear();
      }
      for (const index of only) loaded.delete(index);
    },
    filesRead: (piece) => [...(loaded.get(piece)?.files ?? [])],
    version: () => guarded(() => running.browser.version()),
    async close() {
      options.signal?.removeEventListener('abort', onAbort);
      await running.close();
    },
  };
}

/**
 * Close a printer that may still be starting, or may have failed to start (that failure is
 * reported by whoever awaits it to print): a printer nobody closes keeps Chromium running
 * and the command from exiting.
 */
export async function closePrinter(printer: Promise<Printer> | undefined): Promise<void> {
  await printer?.then((p) => p.close()).catch(() => undefined);
}

/** A tab, and the one navigation it expects next: the document it is loading. */
interface Tab {
  page: Page;
  expected?: string;
  /** Files of the build the loaded document has read (absolute paths). */
  files: Set<string>;
}

async function preparePage(
  running: RunningBrowser,
  baseDir: string,
  blocked: string[],
  timeout: number,
): Promise<Tab> {
  const page = await running.browser.newPage();
  const tab: Tab = { page, files: new Set() };
  page.setDefaultTimeout(timeout);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    // The last line of defence: a file of the build, loaded by the document itself. A
    // navigation (a refresh, a frame) other than the load we asked for is refused.
    const navigation = request.isNavigationRequest();
    const allowed =
      (navigation ? url === tab.expected : request.frame() === page.mainFrame()) &&
      isBuildFile(baseDir, url);
    if (allowed) {
      tab.files.add(fileURLToPath(url));
      void request.continue();
    } else {
      blocked.push(url);
      void request.abort('blockedbyclient');
    }
  });
  return tab;
}

/** True for a `file:` URL of a file inside the build folder. */
function isBuildFile(baseDir: string, url: string): boolean {
  if (!url.startsWith('file:')) return false;
  try {
    return isInside(baseDir, fileURLToPath(url));
  } catch {
    return false;
  }
}
