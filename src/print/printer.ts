import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isInside } from '../load/paths.ts';
import { TimeoutError, type HTTPRequest, type Page } from 'puppeteer';
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
 * or in pieces, one per tab, printed at the same time (a print uses one core).
 */
export interface Printer {
  /**
   * Load `file` (relative to the base folder) into one tab; or, given `pieces` (the same
   * document in pieces, `linked` the fragments any of them links to), each piece into a tab
   * of its own. Returns how many pieces were loaded: 1 when the document was printed whole
   * (its chapters cannot be found as separate blocks).
   */
  load(file: string, pieces?: { pieces: PrintPiece[]; linked: string[] }): Promise<number>;
  /**
   * Turn each loaded piece into a draft: every text hidden (the same layout at a fraction
   * of the printing work), internal links set aside (Chromium's cost per page grows with
   * their number), and at the start of each link target a marker linking to
   * `DRAFT_MARK_URL + n`. Returns each piece's targets, the n-th being marked n.
   */
  beginDraft(draftPageCss: string): Promise<string[][]>;
  /** Print every piece. A draft print has no backgrounds and no tags. */
  print(options?: { draft?: boolean }): Promise<Uint8Array[]>;
  /** End the draft and write page numbers into each piece, without reloading it. */
  fill(fills: PageFill[]): Promise<void>;
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
  });
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
  try {
    tabs.push(await guarded(open));
  } catch (error) {
    options.signal?.removeEventListener('abort', onAbort);
    await running.close();
    throw error;
  }
  // The tabs holding the loaded document: one, or one per piece.
  let loaded: Tab[] = [];
  const loadInto = async (tab: Tab, file: string) => {
    const url = pathToFileURL(path.join(options.baseDir, file)).href;
    tab.expected = url;
    try {
      await tab.page.goto(url, { waitUntil: 'load', timeout: options.timeout });
    } finally {
      tab.expected = undefined;
    }
    await tab.page.evaluate(() =>
      (
        Object.getOwnPropertyDescriptor(Document.prototype, 'fonts')!.get!.call(
          document,
        ) as FontFaceSet
      ).ready.then(() => undefined),
    );
  };
  return {
    blocked,
    load: (file, split) =>
      guarded(async () => {
        const pieces = split?.pieces ?? [];
        if (pieces.length < 2) {
          loaded = tabs.slice(0, 1);
          await loadInto(loaded[0]!, file);
          return 1;
        }
        while (tabs.length < pieces.length) tabs.push(await open());
        loaded = tabs.slice(0, pieces.length);
        await Promise.all(loaded.map((tab, i) => loadInto(tab, pieces[i]!.file)));
        const kept = await Promise.all(
          loaded.map((tab, i) => {
            const { chapterIds, first, last } = pieces[i]!;
            return tab.page.evaluate(keepPiece, chapterIds, first, last, split!.linked, XREF_URL);
          }),
        );
        if (kept.every(Boolean)) return pieces.length;
        // A theme whose chapters are not separate blocks of the body: print it whole.
        loaded = tabs.slice(0, 1);
        await loadInto(loaded[0]!, file);
        return 1;
      }),
    print: ({ draft = false } = {}) =>
      guarded(() =>
        Promise.all(
          loaded.map((tab) =>
            tab.page.pdf({
              preferCSSPageSize: true,
              printBackground: !draft,
              tagged: !draft,
              outline: false,
              timeout: options.timeout,
            }),
          ),
        ),
      ),
    beginDraft: (draftPageCss) =>
      guarded(() =>
        Promise.all(loaded.map((tab) => tab.page.evaluate(beginDraft, DRAFT, draftPageCss))),
      ),
    fill: (fills) =>
      guarded(async () => {
        await Promise.all(
          loaded.map((tab, i) => tab.page.evaluate(fillNumbers, PRINT_SLOTS, DRAFT, fills[i]!)),
        );
      }),
    async close() {
      options.signal?.removeEventListener('abort', onAbort);
      await running.close();
    },
  };
}

/** A tab, and the one navigation it expects next: the document it is loading. */
interface Tab {
  page: Page;
  expected?: string;
}

async function preparePage(
  running: RunningBrowser,
  baseDir: string,
  blocked: string[],
  timeout: number,
): Promise<Tab> {
  const page = await running.browser.newPage();
  const tab: Tab = { page };
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
