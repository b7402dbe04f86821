import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer';
import { HandbookError } from '../report/errors.ts';

/** Environment variables read for the browser, most specific first. */
export const BROWSER_ENV = ['HANDBOOK_BROWSER', 'PUPPETEER_EXECUTABLE_PATH'] as const;

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export interface BrowserChoice {
  executablePath: string;
  /** Where it came from, for messages: "--browser", "HANDBOOK_BROWSER", "puppeteer cache", "system". */
  source: string;
}

/**
 * Which Chromium to print with: an explicit path, then the environment, then Puppeteer's
 * own download cache, then the system's Chromium or Chrome. Never downloads anything.
 */
export function resolveBrowser(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  systemBrowsers: readonly string[] = SYSTEM_BROWSERS,
): BrowserChoice {
  if (explicit) {
    if (!existsSync(explicit))
      throw new HandbookError(`Browser \`${explicit}\` does not exist`, { hint: installHint });
    return { executablePath: path.resolve(explicit), source: '--browser' };
  }
  for (const name of BROWSER_ENV) {
    const value = env[name];
    if (!value) continue;
    if (!existsSync(value))
      throw new HandbookError(`${name} names \`${value}\`, which does not exist`, {
        hint: installHint,
      });
    return { executablePath: value, source: name };
  }
  try {
    const cached = puppeteer.executablePath();
    if (cached && existsSync(cached)) return { executablePath: cached, source: 'puppeteer cache' };
  } catch {
    // Puppeteer throws when its cache holds no browser; look on the system instead.
  }
  for (const candidate of systemBrowsers) {
    if (existsSync(candidate)) return { executablePath: candidate, source: 'system' };
  }
  throw new HandbookError('No Chromium or Chrome found to print the PDF with', {
    hint: installHint,
  });
}

const installHint =
  'Install one (Debian/Ubuntu: `apt-get install -y chromium`) or set HANDBOOK_BROWSER to a Chrome/Chromium executable. `--no-pdf` builds the HTML edition alone.';
