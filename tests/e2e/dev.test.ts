import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import { launchBrowser, type RunningBrowser } from '../../src/print/launch.ts';
import { copyProject, REPO } from '../helpers.ts';

// `handbook dev` in a real browser: the open page follows the author's saves by itself.
let project: { dir: string; done: () => Promise<void> };
let server: DevServer;
let browser: RunningBrowser;

beforeAll(async () => {
  project = await copyProject(REPO);
  server = await startDevServer({ root: project.dir, port: 0 });
  browser = await launchBrowser({ network: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await project?.done();
});

/**
 * Whether the open page comes to show what `check` looks for within 20 s, asked again and
 * again from here: a reload in between (the page following a save) is no failure.
 */
async function eventually(page: import('puppeteer').Page, check: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await page.evaluate(check).catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** The server's status once its generation passes `before`, or after 20 s without. */
async function generationAfter(before: number) {
  const deadline = Date.now() + 20_000;
  let status = await server.settled();
  while (status.generation <= before && Date.now() < deadline) status = await server.settled();
  return status;
}

describe('handbook dev', () => {
  it('serves the HTML edition on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(new URL('kosovo.html', server.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(
      '<h1 class="chapter-title" id="kosovo-force-kfor">Kosovo Force (KFOR)</h1>',
    );
    expect((await fetch(new URL('../../../etc/passwd', server.url))).status).toBe(404);
    // A path that decodes to "../../etc/passwd" after the URL was normalised: refused.
    const raw = await new Promise<number>((resolve) =>
      http.get(`${server.url}..%2f..%2f..%2fetc%2fpasswd`, (response) =>
        resolve(response.statusCode ?? 0),
      ),
    );
    expect(raw).toBe(400);
    // The search index is built on first request.
    expect((await fetch(new URL('pagefind/pagefind.js', server.url))).status).toBe(200);
  });

  it('updates the open page when a chapter is saved, and shows and clears an error overlay', async () => {
    const page = await browser.browser.newPage();
    await page.goto(new URL('kosovo.html', server.url).href, { waitUntil: 'load' });
    const chapter = path.join(project.dir, 'chapters/02-missions/02-kosovo.md');
    const original = await readFile(chapter, 'utf8');
    const before = (await server.settled()).generation;

    await writeFile(
      chapter,
      original.replace('## Outcomes', 'A sentence saved a moment ago.\n\n## Outcomes'),
    );
    // The server saw the save and rebuilt (if not, the watcher missed it)…
    const saved = await generationAfter(before);
    expect(saved.ok).toBe(true);
    expect(saved.generation).toBeGreaterThan(before);
    // …and the open page follows by itself.
    await page.waitForFunction(
      () => document.body.textContent!.includes('A sentence saved a moment ago.'),
      { timeout: 20_000 },
    );

    await writeFile(chapter, original.replace('summary: A safe', 'summary: Note: a safe'));
    const overlay = await page.waitForSelector('#handbook-dev-overlay', { timeout: 20_000 });
    const text = await overlay!.evaluate((el) => el.textContent);
    expect(text).toMatch(
      /chapters\/02-missions\/02-kosovo\.md:3:10\s+error\s+Invalid YAML in front-matter: Nested mappings/,
    );
    await page.screenshot({
      path: path.join(REPO, 'tests', '.tmp', 'screenshots', 'dev-overlay.png'),
    });

    await writeFile(chapter, original);
    const fixed = await server.settled();
    expect(fixed.messages).toEqual([]);
    expect(fixed.ok).toBe(true);
    await page.waitForFunction(
      () =>
        !document.getElementById('handbook-dev-overlay') &&
        !document.body.textContent!.includes('saved a moment ago'),
      {
        timeout: 20_000,
      },
    );
    await page.close();
  });

  it("serves every language's edition, and the French page follows a save to its translation", async () => {
    const response = await fetch(new URL('fr/kosovo.html', server.url));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<html lang="fr"/);
    const page = await browser.browser.newPage();
    await page.goto(new URL('fr/kosovo.html', server.url).href, { waitUntil: 'load' });
    // The language switch leads to pages the server has, this one's in each language.
    const switches = await page.$$eval('.language-switch a', (links) =>
      links.map((a) => (a as HTMLAnchorElement).href),
    );
    expect(switches.map((href) => new URL(href).pathname)).toEqual([
      '/kosovo.html',
      '/fr/kosovo.html',
    ]);
    for (const href of switches) expect((await fetch(href)).status).toBe(200);
    const chapter = path.join(project.dir, 'chapters/fr/02-missions/02-kosovo.md');
    const original = await readFile(chapter, 'utf8');
    const before = (await server.settled()).generation;
    await writeFile(chapter, `${original}\nUne phrase enregistrée à l'instant.\n`);
    expect((await generationAfter(before)).ok).toBe(true);
    await page.waitForFunction(
      () => document.body.textContent!.includes("Une phrase enregistrée à l'instant."),
      { timeout: 20_000 },
    );
    await writeFile(chapter, original);
    await server.settled();
    await page.close();
  });

  it('shows a chapter with a broken link, says what is wrong over it, and follows each save', async () => {
    const chapter = path.join(project.dir, 'chapters/02-missions/01-bosnia.md');
    const original = await readFile(chapter, 'utf8');
    const before = (await server.settled()).generation;
    await writeFile(chapter, `${original}\n\nSee [a chapter that is gone](09-gone.md).\n`);
    const broken = await generationAfter(before);
    // The sample is strict: the warning fails it, yet the pages are written.
    expect(broken.ok).toBe(false);
    expect(broken.generation).toBeGreaterThan(before);
    expect(broken.messages.map((m) => m.reason)).toContain(
      'No chapter `chapters/02-missions/09-gone.md`; the link is left as text',
    );
    const page = await browser.browser.newPage();
    await page.goto(new URL('bosnia.html', server.url).href, { waitUntil: 'load' });
    expect(await page.evaluate(() => document.querySelector('.prose')!.textContent)).toContain(
      'See a chapter that is gone.',
    );
    const overlay = await page.waitForSelector('#handbook-dev-overlay', { timeout: 20_000 });
    expect(await overlay!.evaluate((el) => el.textContent)).toContain('09-gone.md');
    // A further save, still with the broken link, is followed too.
    await writeFile(chapter, `${original}\n\nSee [a chapter that is gone](09-gone.md), twice.\n`);
    expect(
      await eventually(page, () =>
        document.querySelector('.prose')!.textContent!.includes('gone, twice.'),
      ),
    ).toBe(true);
    // A chapter whose front-matter breaks shows its error in place of its body.
    await writeFile(chapter, original.replace(/^title: .*$/m, 'title: [unclosed'));
    expect(
      await eventually(page, () =>
        document.querySelector('.prose')!.textContent!.includes('This chapter does not build'),
      ),
    ).toBe(true);
    expect(await page.evaluate(() => document.querySelector('.prose')!.textContent)).toMatch(
      /01-bosnia\.md:\d+:\d+ — Invalid YAML in front-matter/,
    );
    await writeFile(chapter, original);
    expect(await eventually(page, () => !document.getElementById('handbook-dev-overlay'))).toBe(
      true,
    );
    await page.close();
  });

  it('prints the PDF on request, again only when the sources changed', async () => {
    // The sources as the last test left them, built.
    expect((await server.settled()).ok).toBe(true);
    const first = await fetch(new URL('nato-peace-operations.pdf', server.url));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const again = Buffer.from(
      await (await fetch(new URL('nato-peace-operations.pdf', server.url))).arrayBuffer(),
    );
    expect(Buffer.compare(again, bytes)).toBe(0);
  });
});

describe('handbook dev on a port in use', () => {
  it('says so, with what to do, and leaves no temporary folder behind', async () => {
    const { readdir } = await import('node:fs/promises');
    const os = await import('node:os');
    const port = Number(new URL(server.url).port);
    const before = (await readdir(os.tmpdir())).filter((n) => n.startsWith('handbook-dev-'));
    const failed = await startDevServer({ root: project.dir, port }).then(
      () => undefined,
      (error: unknown) => error as Error & { hint?: string },
    );
    expect(failed?.message).toBe(`Port ${port} on 127.0.0.1 is in use`);
    expect(failed?.hint).toContain('--port 0');
    const after = (await readdir(os.tmpdir())).filter((n) => n.startsWith('handbook-dev-'));
    expect(after.sort()).toEqual(before.sort());
  });
});
