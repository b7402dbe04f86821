import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { HandbookError } from '../report/errors.ts';
import { resolveBrowser } from './resolve-browser.ts';

/** Flags for a quiet, offline headless Chromium (this machine has no network to speak of). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
];

export interface LaunchOptions {
  executablePath?: string;
  timeout?: number;
}

/** A browser with its own throw-away profile; `close()` always removes both. */
export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Start headless Chromium. Callers close it in `finally`. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<RunningBrowser> {
  const { executablePath } = resolveBrowser(options.executablePath);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'handbook-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      userDataDir: profile,
      timeout: options.timeout ?? 60_000,
      protocolTimeout: options.timeout ?? 300_000,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw new HandbookError(`Cannot start the browser at \`${executablePath}\``, {
      cause: error,
      hint:
        'Check that it runs: `' +
        executablePath +
        ' --headless --no-sandbox --dump-dom about:blank`.',
    });
  }
  return {
    browser,
    async close() {
      try {
        await browser.close();
      } catch {
        // A browser that already died cannot be closed; make sure its process is gone.
        browser.process()?.kill('SIGKILL');
      }
      await rm(profile, { recursive: true, force: true });
    },
  };
}
