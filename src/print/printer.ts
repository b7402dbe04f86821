import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TimeoutError, type HTTPRequest, type Page } from 'puppeteer';
import { DRAFT_MARK_URL, PRINT_SLOTS, type PageFill } from '../model/page-numbers.ts';
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

/** A browser page that loads one document of a build folder and prints it. */
export interface Printer {
  /** Load `file` (relative to the base folder). */
  load(file: string): Promise<void>;
  /**
   * Turn the loaded document into a draft: every text hidden (the same layout at a fraction
   * of the printing work), internal links set aside (Chromium's cost per page grows with
   * their number), and at the start of each link target a marker linking to
   * `DRAFT_MARK_URL + n`. Returns the targets, the n-th being marked n.
   */
  beginDraft(): Promise<string[]>;
  /** Print what is loaded. A draft print has no backgrounds and no tags. */
  print(options?: { draft?: boolean }): Promise<Uint8Array>;
  /** End the draft and write page numbers into the document, without reloading it. */
  fill(fill: PageFill): Promise<void>;
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
  let page: Page;
  try {
    page = await preparePage(running, options.baseDir, blocked, options.timeout);
  } catch (error) {
    options.signal?.removeEventListener('abort', onAbort);
    await running.close();
    throw error;
  }
  // Every step talks to the browser, so every step can meet a crash or a timeout: each
  // one reports it the same way.
  const guarded = async <T>(step: () => Promise<T>): Promise<T> => {
    options.signal?.throwIfAborted();
    try {
      return await step();
    } catch (error) {
      options.signal?.throwIfAborted();
      throw new HandbookError('Printing the PDF failed', {
        cause: error,
        hint:
          error instanceof TimeoutError
            ? `Did it take longer than ${options.timeout / 1000} s? Raise pdf.timeout in handbook.yml.`
            : 'The browser stopped while printing.',
      });
    }
  };
  return {
    blocked,
    load: (file) =>
      guarded(async () => {
        const url = pathToFileURL(path.join(options.baseDir, file)).href;
        await page.goto(url, { waitUntil: 'load', timeout: options.timeout });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
      }),
    print: ({ draft = false } = {}) =>
      guarded(() =>
        page.pdf({
          preferCSSPageSize: true,
          printBackground: !draft,
          tagged: !draft,
          outline: false,
          timeout: options.timeout,
        }),
      ),
    // Runs through the DevTools protocol, not as a page script: the page's JavaScript stays off.
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    beginDraft: () =>
      guarded(() =>
        page.evaluate((draft) => {
          const targets = new Map<string, number>();
          for (const link of document.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')) {
            const href = link.getAttribute('href')!;
            link.setAttribute(draft.hrefAttribute, href);
            link.removeAttribute('href');
            let id = href.slice(1);
            try {
              id = decodeURIComponent(id);
            } catch {
              // keep the raw fragment
            }
            if (!targets.has(id)) targets.set(id, targets.size);
          }
          // A marker is a zero-width float (2px tall, so that its link cannot sit on the edge
          // of the previous page) holding a link to a numbered URL: it moves nothing,
          // and Chromium writes a link annotation for it on the page where it lands.
          for (const [id, n] of targets) {
            const mark = document.createElement('a');
            mark.className = draft.markClass;
            mark.href = `${draft.markUrl}${n}`;
            mark.textContent = '\u00a7';
            // Into the target's first line: a float at the very start of a box that begins a
            // page may be laid out at the foot of the page before.
            let holder = document.getElementById(id);
            while (
              holder?.firstElementChild &&
              ![...holder.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim() !== '')
            ) {
              holder = holder.firstElementChild as HTMLElement;
            }
            holder?.prepend(mark);
          }
          // Margin boxes (headers, footers, markings) cost time on every page and move
          // nothing: the page area is set by the margins. The fill writes the rules back.
          const pageCss = document.getElementById(draft.pageCssId);
          if (pageCss)
            pageCss.textContent = pageCss.textContent!.replace(
              /@(?:top|bottom)-[a-z-]+\s*\{[^}]*\}/g,
              '',
            );
          const style = document.createElement('style');
          style.id = draft.styleId;
          style.textContent = `body * { visibility: hidden !important; }
          body .${draft.markClass} { float: left; width: 0; height: 2px; overflow: visible;
            white-space: nowrap; visibility: visible !important; font: 4px/0 monospace; }`;
          document.head.append(style);
          return [...targets.keys()];
        }, DRAFT),
      ),
    fill: (fill) =>
      guarded(async () => {
        await page.evaluate(
          (slots, draft, { labels, pageCss }) => {
            document.getElementById(draft.styleId)?.remove();
            for (const mark of document.querySelectorAll(`.${draft.markClass}`)) mark.remove();
            for (const link of document.querySelectorAll(`[${draft.hrefAttribute}]`)) {
              link.setAttribute('href', link.getAttribute(draft.hrefAttribute)!);
              link.removeAttribute(draft.hrefAttribute);
            }
            const style = document.getElementById(slots.pageCssId);
            if (style) style.textContent = pageCss;
            for (const slot of document.querySelectorAll<HTMLElement>(
              `[${slots.targetAttribute}]`,
            )) {
              const label = labels[slot.getAttribute(slots.targetAttribute)!] ?? '00';
              const text = slot.getAttribute(slots.textAttribute) ?? '{page}';
              slot.textContent = text.replace('{page}', label);
            }
          },
          PRINT_SLOTS,
          DRAFT,
          fill,
        );
      }),
    async close() {
      options.signal?.removeEventListener('abort', onAbort);
      await running.close();
    },
  };
}

async function preparePage(
  running: RunningBrowser,
  baseDir: string,
  blocked: string[],
  timeout: number,
): Promise<Page> {
  const page = await running.browser.newPage();
  page.setDefaultTimeout(timeout);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  const allowed = pathToFileURL(baseDir).href.replace(/\/?$/, '/');
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    const inside = url.startsWith(allowed) && !url.slice(allowed.length).split('/').includes('..');
    if (inside || url.startsWith('data:')) {
      void request.continue();
    } else {
      blocked.push(url);
      void request.abort('blockedbyclient');
    }
  });
  return page;
}
