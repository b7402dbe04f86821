import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isInside } from '../load/paths.ts';
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
  beginDraft(draftPageCss: string): Promise<string[]>;
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
  const navigations: Navigations = {};
  try {
    page = await preparePage(running, options.baseDir, blocked, options.timeout, navigations);
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
        navigations.expected = url;
        try {
          await page.goto(url, { waitUntil: 'load', timeout: options.timeout });
        } finally {
          navigations.expected = undefined;
        }
        await page.evaluate(() =>
          (
            Object.getOwnPropertyDescriptor(Document.prototype, 'fonts')!.get!.call(
              document,
            ) as FontFaceSet
          ).ready.then(() => undefined),
        );
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
    // Document methods are taken from its prototype: an element named `getElementById`
    // (or `head`, `fonts` …) in a chapter can never stand in for them.
    beginDraft: (draftPageCss) =>
      guarded(() =>
        page.evaluate(
          (draft, draftPageCss) => {
            const targets = new Map<string, number>();
            for (const link of Document.prototype.querySelectorAll.call(
              document,
              'a[href^="#"]',
            ) as NodeListOf<HTMLAnchorElement>) {
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
              const mark = Document.prototype.createElement.call(
                document,
                'a',
              ) as HTMLAnchorElement;
              mark.className = draft.markClass;
              mark.href = `${draft.markUrl}${n}`;
              mark.textContent = '\u00a7';
              // Into the target's first line: a float at the very start of a box that begins a
              // page may be laid out at the foot of the page before.
              let holder = Document.prototype.getElementById.call(document, id);
              while (
                holder?.firstElementChild &&
                ![...holder.childNodes].some(
                  (n) => n.nodeType === 3 && n.textContent!.trim() !== '',
                )
              ) {
                holder = holder.firstElementChild as HTMLElement;
              }
              holder?.prepend(mark);
            }
            // The draft's page rules have no margin boxes (they cost time on every page and
            // move nothing); the fill writes the full rules back.
            const pageCss = Document.prototype.getElementById.call(
              document,
              draft.pageCssId,
            ) as HTMLStyleElement | null;
            if (pageCss) pageCss.textContent = draftPageCss;
            // The page's policy applies only styles carrying its nonce.
            const style = Document.prototype.createElement.call(
              document,
              'style',
            ) as HTMLStyleElement;
            style.nonce = pageCss?.nonce ?? '';
            style.id = draft.styleId;
            style.textContent = `body * { visibility: hidden !important; }
          body .${draft.markClass} { float: left; width: 0; height: 2px; overflow: visible;
            white-space: nowrap; visibility: visible !important; font: 4px/0 monospace; }`;
            (
              Object.getOwnPropertyDescriptor(Document.prototype, 'head')!.get!.call(
                document,
              ) as HTMLHeadElement
            ).append(style);
            return [...targets.keys()];
          },
          DRAFT,
          draftPageCss,
        ),
      ),
    fill: (fill) =>
      guarded(async () => {
        await page.evaluate(
          (slots, draft, { labels, pageCss }) => {
            Document.prototype.getElementById.call(document, draft.styleId)?.remove();
            for (const mark of Document.prototype.querySelectorAll.call(
              document,
              `.${draft.markClass}`,
            ))
              mark.remove();
            for (const link of Document.prototype.querySelectorAll.call(
              document,
              `[${draft.hrefAttribute}]`,
            )) {
              link.setAttribute('href', link.getAttribute(draft.hrefAttribute)!);
              link.removeAttribute(draft.hrefAttribute);
            }
            const style = Document.prototype.getElementById.call(document, slots.pageCssId);
            if (style) style.textContent = pageCss;
            for (const slot of Document.prototype.querySelectorAll.call(
              document,
              `[${slots.targetAttribute}]`,
            ) as NodeListOf<HTMLElement>) {
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

/** The one navigation the printer expects next: the document it is loading. */
interface Navigations {
  expected?: string;
}

async function preparePage(
  running: RunningBrowser,
  baseDir: string,
  blocked: string[],
  timeout: number,
  navigations: Navigations,
): Promise<Page> {
  const page = await running.browser.newPage();
  page.setDefaultTimeout(timeout);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    // The last line of defence: a file of the build, loaded by the document itself. A
    // navigation (a refresh, a frame) other than the load we asked for is refused.
    const navigation = request.isNavigationRequest();
    const allowed =
      (navigation ? url === navigations.expected : request.frame() === page.mainFrame()) &&
      isBuildFile(baseDir, url);
    if (allowed) {
      void request.continue();
    } else {
      blocked.push(url);
      void request.abort('blockedbyclient');
    }
  });
  return page;
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
