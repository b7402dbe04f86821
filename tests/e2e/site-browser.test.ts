import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { launchBrowser, type RunningBrowser } from '../../src/print/launch.ts';
import { copyProject, REPO } from '../helpers.ts';

// The HTML edition of the bundled handbook, opened in real Chromium from disk and over HTTP
// under a sub-path. Screenshots land in tests/.tmp/screenshots/ for a person to look at.
const SHOTS = path.join(REPO, 'tests', '.tmp', 'screenshots');
let project: { dir: string; done: () => Promise<void> };
let out: string;
let browser: RunningBrowser;

beforeAll(async () => {
  project = await copyProject(REPO);
  const result = await build({ root: project.dir, pdf: false });
  expect(result.ok).toBe(true);
  out = result.outDir;
  browser = await launchBrowser({ network: true });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await project?.done();
});

/** A page that records console errors and failed requests. */
async function openPage(width: number, height: number) {
  const page = await browser.browser.newPage();
  await page.setViewport({ width, height });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) =>
    problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`),
  );
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  return { page, problems };
}

async function visible(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (el) => {
    const box = el.getBoundingClientRect();
    return getComputedStyle(el).display !== 'none' && box.width > 0 && box.height > 0;
  });
}

describe('HTML edition in a real browser', () => {
  it('renders every page on a desktop with its fonts, markings and sidebar, without errors', async () => {
    const pages = (await readdir(out)).filter((f) => f.endsWith('.html')).sort();
    const { page, problems } = await openPage(1280, 900);
    for (const name of pages) {
      await page.goto(pathToFileURL(path.join(out, name)).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const facts = await page.evaluate(() => ({
        serif: document.fonts.check('16px "Source Serif 4"'),
        loadedFaces: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
        markings: [...document.querySelectorAll('.marking')].map((m) => m.textContent),
        h1: document.querySelector('h1')?.textContent,
        bodyFont: getComputedStyle(document.body).fontFamily,
      }));
      expect(facts.loadedFaces, name).toContain('Source Serif 4');
      expect(facts.bodyFont).toMatch(/^"Source Serif 4"/);
      expect(facts.markings, name).toHaveLength(2);
      expect(facts.markings[0]).toBe(facts.markings[1]);
      expect(facts.h1?.length, name).toBeGreaterThan(3);
      expect(await visible(page, '.sidebar'), name).toBe(true);
    }
    await page.goto(pathToFileURL(path.join(out, 'kosovo.html')).href);
    await page.screenshot({ path: path.join(SHOTS, 'desktop-kosovo.png') });
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    await page.screenshot({ path: path.join(SHOTS, 'desktop-index.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows each chapter its own marking', async () => {
    const { page } = await openPage(1280, 900);
    await page.goto(pathToFileURL(path.join(out, 'rules-of-engagement.html')).href);
    expect(await page.$$eval('.marking', (m) => m.map((e) => e.textContent))).toEqual([
      'UNCLASSIFIED // FOR TRAINING USE',
      'UNCLASSIFIED // FOR TRAINING USE',
    ]);
    await page.goto(pathToFileURL(path.join(out, 'kosovo.html')).href);
    expect(await page.$eval('.marking', (m) => m.textContent)).toBe('UNCLASSIFIED');
    // The title page carries the highest marking of any chapter.
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    expect(await page.$eval('.marking', (m) => m.textContent)).toBe(
      'UNCLASSIFIED // FOR TRAINING USE',
    );
    await page.close();
  });

  it('is readable on a phone: no sideways scrolling, the contents open from the menu', async () => {
    const { page, problems } = await openPage(390, 844);
    await page.goto(pathToFileURL(path.join(out, 'history.html')).href, { waitUntil: 'load' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    expect(await visible(page, '.sidebar')).toBe(false);
    await page.click('.menu-toggle');
    expect(await visible(page, '.sidebar')).toBe(true);
    expect(await page.$eval('.menu-toggle', (b) => b.getAttribute('aria-expanded'))).toBe('true');
    await page.screenshot({ path: path.join(SHOTS, 'phone-history-menu.png') });
    await page.click('.menu-toggle');
    await page.screenshot({ path: path.join(SHOTS, 'phone-history.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('switches to the dark scheme and remembers it', async () => {
    const { page } = await openPage(1280, 900);
    await page.goto(pathToFileURL(path.join(out, 'civil-military.html')).href);
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.click('.scheme-toggle');
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).not.toBe(light);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.scheme)).toBe('dark');
    await page.screenshot({ path: path.join(SHOTS, 'desktop-civil-military-dark.png') });
    await page.close();
  });

  it('resolves every internal link and anchor when followed in the browser', async () => {
    const { page } = await openPage(1280, 900);
    const pages = (await readdir(out)).filter((f) => f.endsWith('.html'));
    const targets = new Set<string>();
    for (const name of pages) {
      await page.goto(pathToFileURL(path.join(out, name)).href);
      for (const href of await page.$$eval('a[href]', (as) =>
        as.map((a) => (a as HTMLAnchorElement).href),
      )) {
        if (href.startsWith('file:')) targets.add(href);
      }
    }
    expect(targets.size).toBeGreaterThan(50);
    const broken: string[] = [];
    for (const target of targets) {
      const url = new URL(target);
      const file = decodeURIComponent(url.pathname);
      if (!existsSync(file) || !statSync(file).isFile()) {
        broken.push(`missing file ${target}`);
        continue;
      }
      if (!url.hash || !file.endsWith('.html')) continue;
      await page.goto(target);
      const found = await page.evaluate(
        (id) => document.getElementById(id) !== null,
        decodeURIComponent(url.hash.slice(1)),
      );
      if (!found) broken.push(`missing anchor ${target}`);
    }
    expect(broken).toEqual([]);
    await page.close();
  });

  it('finds the right chapter from the search box, under a sub-path, with the / shortcut', async () => {
    await withServer(async (base) => {
      const { page, problems } = await openPage(1280, 900);
      await page.goto(`${base}command.html`, { waitUntil: 'networkidle0' });
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
      await page.keyboard.type('UNMIK');
      await page.waitForSelector('.search-results:not([hidden]) a', { timeout: 10_000 });
      const results = await page.$$eval('.search-results a', (links) =>
        links.map((a) => ({
          href: (a as HTMLAnchorElement).href,
          title: a.querySelector('.search-title')?.textContent,
        })),
      );
      expect(results[0]).toEqual({ href: `${base}kosovo.html`, title: 'Kosovo Force (KFOR)' });
      await page.screenshot({ path: path.join(SHOTS, 'desktop-search.png') });
      await page.click('.search-results a');
      await page.waitForSelector('.chapter-title');
      expect(page.url()).toBe(`${base}kosovo.html`);
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  it('searches the French edition in French, and switches to the same chapter in English', async () => {
    await withServer(async (base) => {
      const { page, problems } = await openPage(1280, 900);
      await page.goto(`${base}fr/command.html`, { waitUntil: 'networkidle0' });
      await page.type('#search-input', 'MINUK');
      await page.waitForSelector('.search-results:not([hidden]) a', { timeout: 10_000 });
      const first = await page.$eval('.search-results a', (a) => ({
        href: (a as HTMLAnchorElement).href,
        title: a.querySelector('.search-title')?.textContent,
      }));
      expect(first).toEqual({
        href: `${base}fr/kosovo.html`,
        title: 'Force pour le Kosovo (KFOR)',
      });
      expect(await page.$eval('#search-status', (s) => s.textContent)).toMatch(/^\d+ résultats$/);
      await page.click('.language-switch a[hreflang="en-GB"]');
      await page.waitForSelector('.chapter-title');
      expect(page.url()).toBe(`${base}command.html`);
      expect(await page.$eval('html', (h) => h.lang)).toBe('en-GB');
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  it('says that search needs a server when the edition is opened from disk', async () => {
    const { page } = await openPage(1280, 900);
    await page.goto(pathToFileURL(path.join(out, 'history.html')).href);
    await page.type('#search-input', 'Kosovo');
    await page.waitForSelector('.search-results:not([hidden])');
    expect(await page.$eval('.search-results', (l) => l.textContent)).toContain(
      'Search works when the handbook is served',
    );
    await page.goto(pathToFileURL(path.join(out, 'fr', 'history.html')).href);
    await page.type('#search-input', 'Kosovo');
    await page.waitForSelector('.search-results:not([hidden])');
    expect(await page.$eval('.search-results', (l) => l.textContent)).toContain(
      'La recherche fonctionne quand le manuel est servi',
    );
    await page.close();
  });

  it('works hosted under a sub-path', async () => {
    await withServer(async (base) => {
      const { page, problems } = await openPage(1280, 900);
      await page.goto(base, { waitUntil: 'networkidle0' });
      await page.click('.title-actions a');
      await page.waitForSelector('.chapter-title');
      expect(page.url()).toBe(`${base}introduction.html`);
      await page.goto(`${base}command.html`, { waitUntil: 'networkidle0' });
      expect(
        await page.$eval('figure img', (img) => (img as HTMLImageElement).naturalWidth),
      ).toBeGreaterThan(0);
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});

/** Serve the built edition over HTTP under a sub-path, like an intranet would. */
async function withServer(use: (base: string) => Promise<void>): Promise<void> {
  const prefix = '/intranet/handbooks/nato/';
  const types: Record<string, string> = {
    '.css': 'text/css',
    '.js': 'text/javascript',
    '.svg': 'image/svg+xml',
    '.woff2': 'font/woff2',
    '.html': 'text/html',
    '.json': 'application/json',
    '.wasm': 'application/wasm',
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(prefix)) return void response.writeHead(404).end();
    const file = path.join(
      out,
      decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html',
    );
    if (!file.startsWith(out) || !existsSync(file) || statSync(file).isDirectory())
      return void response.writeHead(404).end();
    response.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await use(`http://127.0.0.1:${port}${prefix}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
