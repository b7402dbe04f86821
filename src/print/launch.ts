import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import { isAlive } from '../output/process-alive.ts';
import { HandbookError } from '../report/errors.ts';

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

/**
 * Chromium unable to open a connection at all: every host name (IP literals included)
 * fails to resolve, and every request would go to a proxy that cannot be found, loopback
 * included (Chromium otherwise never proxies loopback). Whatever a page asks for —
 * a preconnect, a frame, an object — no socket is opened.
 */
export const OFFLINE_ARGS = [
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=http://proxy.invalid:9',
  '--proxy-bypass-list=<-loopback>',
];

export interface LaunchOptions {
  executablePath?: string;
  timeout?: number;
  /** Allow network connections (tests that browse a served edition); default: none at all. */
  network?: boolean;
  /**
   * Renderer processes the browser may start, however many tabs it opens (tabs then
   * share them). Default: one per tab.
   */
  renderers?: number;
}

/** A browser with its own throw-away profile; `close()` always removes both. */
export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

const PROFILE_PREFIX = 'handbook-chromium-';

/** Remove profiles left by builds that were killed (their process no longer exists). */
async function sweepProfiles(): Promise<void> {
  const names = await readdir(os.tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(/^handbook-chromium-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * Puppeteer, loaded when a browser is wanted (0.14 s), not with every command: an HTML
 * edition without diagrams never starts one. A build that prints awaits it before its
 * transform, which would otherwise hold this thread and start the browser late.
 */
export function loadBrowserModules() {
  return Promise.all([import('puppeteer'), import('./resolve-browser.ts')]);
}

/** Start headless Chromium. Callers close it in `finally`. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<RunningBrowser> {
  const [{ default: puppeteer }, { resolveBrowser }] = await loadBrowserModules();
  const { executablePath } = resolveBrowser(options.executablePath);
  await sweepProfiles();
  const profile = await mkdtemp(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        ...(options.network ? [] : OFFLINE_ARGS),
        ...(options.renderers ? [`--renderer-process-limit=${options.renderers}`] : []),
      ],
      userDataDir: profile,
      // Talk over a pipe, not a port: if this process dies, even by SIGKILL, the pipe
      // closes and Chromium exits with it instead of lingering as an orphan.
      pipe: true,
      // Signals are ours to handle: the build stops cleanly and then closes the browser.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Starting takes seconds at most; the protocol must outlast the longest print.
      timeout: 60_000,
      protocolTimeout: Math.max(options.timeout ?? 0, 300_000),
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
