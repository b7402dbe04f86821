import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HTTPRequest, Page } from 'puppeteer';
import { HandbookError } from '../report/errors.ts';
import { launchBrowser, type RunningBrowser } from './launch.ts';

export interface PrinterOptions {
  /** The build's output folder: the only place the page may load files from. */
  baseDir: string;
  executablePath?: string;
  /** Milliseconds for loading and printing one document. */
  timeout: number;
  signal?: AbortSignal;
}

/** A running browser that prints documents of one build folder, one after the other. */
export interface Printer {
  /**
   * Load `file` (relative to the base folder) and print it; the PDF's bytes. A draft print
   * has the same layout but no backgrounds and no tags: it is only read for page numbers.
   */
  print(file: string, options?: { draft?: boolean }): Promise<Uint8Array>;
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
  return {
    blocked,
    async print(file: string, { draft = false } = {}) {
      options.signal?.throwIfAborted();
      try {
        await page.goto(pathToFileURL(path.join(options.baseDir, file)).href, {
          waitUntil: 'load',
          timeout: options.timeout,
        });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return await page.pdf({
          preferCSSPageSize: true,
          printBackground: !draft,
          tagged: !draft,
          outline: false,
          timeout: options.timeout,
        });
      } catch (error) {
        options.signal?.throwIfAborted();
        throw new HandbookError('Printing the PDF failed', {
          cause: error,
          hint: running.browser.connected
            ? `It took longer than ${options.timeout / 1000} s? Raise pdf.timeout in handbook.yml.`
            : 'The browser stopped while printing.',
        });
      }
    },
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
    if (url.startsWith(allowed) && !url.slice(allowed.length).split('/').includes('..')) {
      void request.continue();
    } else if (url.startsWith('data:')) {
      void request.continue();
    } else {
      blocked.push(url);
      void request.abort('blockedbyclient');
    }
  });
  return page;
}
