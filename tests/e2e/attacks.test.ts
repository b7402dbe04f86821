import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/print/launch.ts';
import { REPO, runCli, tempDir, type CliRun } from '../helpers.ts';

// The attack corpus (tests/attacks/) built next to a secret and a local HTTP server; then
// every output file is searched for the secret and every request to the server counted.
const SECRET = 'SECRET-7c1e9b2d-outside-the-project';
const requests: string[] = [];
const server = http.createServer((request, response) => {
  requests.push(request.url ?? '');
  response.writeHead(200, { 'content-type': 'image/png' }).end();
});
let work: { dir: string; done: () => Promise<void> };
let project: string;
let run: CliRun;
let attacks: { file: string; line: number; text: string }[];

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = String((server.address() as AddressInfo).port);
  work = await tempDir();
  project = path.join(work.dir, 'project');
  const secretDir = path.join(work.dir, 'secret');
  await mkdir(secretDir);
  await writeFile(path.join(secretDir, 'secret.txt'), `${SECRET}\n`);
  await writeFile(path.join(secretDir, 'secret.css'), `body::after { content: "${SECRET}" }\n`);
  // A PNG header and the secret: whatever copies the file carries the secret with it.
  await writeFile(
    path.join(secretDir, 'secret.png'),
    Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(SECRET)]),
  );
  await cp(path.join(REPO, 'tests', 'attacks'), project, { recursive: true });
  await mkdir(path.join(project, 'chapters', 'images'), { recursive: true });
  await symlink(
    path.join(secretDir, 'secret.png'),
    path.join(project, 'chapters', 'images', 'escape.png'),
  );
  attacks = [];
  for (const name of await readdir(path.join(project, 'chapters'))) {
    if (!name.endsWith('.md')) continue;
    const file = path.join(project, 'chapters', name);
    const text = (await readFile(file, 'utf8'))
      .replaceAll('../../SECRET_DIR', '../../secret')
      .replaceAll('/SECRET_DIR', secretDir)
      .replaceAll('PORT', port);
    await writeFile(file, text);
    text.split('\n').forEach((line, i) => {
      if (line.startsWith('attack:'))
        attacks.push({ file: `chapters/${name}`, line: i + 1, text: line });
    });
  }
  run = await runCli(['build'], project);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await work?.done();
});

describe('the attack corpus', () => {
  it('builds, refusing every attempt with a warning at its line', () => {
    expect(run.code, run.stderr).toBe(0);
    const unreported = attacks.filter(
      (a) =>
        !new RegExp(`${a.file.replace('.', '\\.')}[\\s\\S]*?\\n${a.line}:\\d+`).test(run.stderr),
    );
    const report = run.stderr.split('\n').filter((l) => /^\d+:\d+/.test(l));
    console.info(
      `attacks tried: ${attacks.length}; warnings: ${report.length}; unreported: ${unreported.length}`,
    );
    expect(unreported.map((a) => `${a.file}:${a.line} ${a.text}`)).toEqual([]);
  });

  it('sends no request anywhere while building', () => {
    expect(requests).toEqual([]);
  });

  it('puts nothing from outside the project into any output file', async () => {
    const out = path.join(project, 'dist');
    const files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((e) =>
      e.isFile(),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const entry of files) {
      const bytes = await readFile(path.join(entry.parentPath, entry.name));
      expect(bytes.includes(SECRET), entry.name).toBe(false);
    }
    const pdf = (await readdir(out)).find((f) => f.endsWith('.pdf'))!;
    const text = execFileSync('pdftotext', [path.join(out, pdf), '-'], { encoding: 'utf8' });
    expect(text).not.toContain(SECRET);
    // The remote image was not fetched for the PDF: its alt text is printed instead.
    expect(text).toContain('[REMOTE-ALT-TEXT]');
  });

  it('lets no script, frame, style or event handler into a chapter page', async () => {
    for (const name of ['files.html', 'network.html', 'scripts.html', 'print.html']) {
      const html = await readFile(path.join(project, 'dist', name), 'utf8');
      const content =
        name === 'print.html'
          ? html.slice(html.indexOf('<section class="chapter'))
          : html.slice(html.indexOf('<div class="prose">'), html.indexOf('<nav class="pager"'));
      expect(content.length, name).toBeGreaterThan(200);
      expect(content, name).not.toMatch(
        /<(script|iframe|object|embed|style|link|meta|base|form|svg|video)\b|\son[a-z]+=|javascript:|file:|\sstyle=/i,
      );
    }
  });

  it('runs no injected script when the HTML edition is read', async () => {
    const running = await launchBrowser({ network: true });
    try {
      const page = await running.browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      for (const name of ['files.html', 'network.html', 'scripts.html']) {
        await page.goto(pathToFileURL(path.join(project, 'dist', name)).href, {
          waitUntil: 'networkidle0',
        });
        await page.click('details summary').catch(() => undefined);
        expect(await page.title()).not.toContain('PWNED');
      }
      expect(dialogs).toEqual([]);
      // The reader's browser may fetch the one remote image the HTML edition keeps; nothing else.
      expect([...new Set(requests)]).toEqual(requests.length ? ['/remote.png'] : []);
    } finally {
      await running.close();
    }
  });
});
