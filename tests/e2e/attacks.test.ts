import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as csstree from 'css-tree';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/print/launch.ts';
import { REPO, runCli, tempDir, type CliRun } from '../helpers.ts';
import { readPdf } from '../pdf-reader.ts';

// The attack corpus (tests/attacks/) built next to a secret and a raw TCP listener on
// 127.0.0.1; then every output file is searched for the secret and every connection
// counted. A TCP listener sees what an HTTP server would miss: a preconnect, a socket
// opened and closed, a request that is not HTTP.
const SECRET = 'SECRET-7c1e9b2d-outside-the-project';
const connections: string[] = [];
const listener = net.createServer((socket) => {
  connections.push(`${socket.remoteAddress}:${socket.remotePort}`);
  socket.once('data', (data) => {
    // A TLS handshake (an https image) has no request line to show.
    const line =
      data[0] === 0x16 ? 'TLS (an https request)' : data.toString('latin1').split('\r\n')[0]!;
    connections[connections.length - 1] += ` ${line}`;
    socket.end('HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ncontent-length: 0\r\n\r\n');
  });
  socket.on('error', () => undefined);
});
let work: { dir: string; done: () => Promise<void> };
let project: string;
let out: string;
let run: CliRun;
let duringBuild: string[];
let attacks: { file: string; line: number; text: string }[];

beforeAll(async () => {
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = String((listener.address() as net.AddressInfo).port);
  work = await tempDir();
  project = path.join(work.dir, 'project');
  out = path.join(project, 'dist');
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
  // Secrets inside the project that are never to be published.
  await writeFile(path.join(project, '.env'), `TOKEN=${SECRET}\n`);
  await mkdir(path.join(project, '.git'));
  await writeFile(path.join(project, '.git', 'config'), `[secret]\n  value = ${SECRET}\n`);
  await symlink(
    path.join(secretDir, 'secret.png'),
    path.join(project, 'chapters', 'images', 'escape.png'),
  );
  attacks = [];
  for (const entry of await readdir(path.join(project, 'chapters'), {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile() || !/\.(md|svg|html|xhtml|xml)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = (await readFile(file, 'utf8'))
      .replaceAll('../../SECRET_DIR', '../../secret')
      .replaceAll('/SECRET_DIR', secretDir)
      .replaceAll('PORT', port);
    await writeFile(file, text);
    if (!entry.name.endsWith('.md')) continue;
    text.split('\n').forEach((line, i) => {
      if (line.startsWith('attack:'))
        attacks.push({ file: `chapters/${entry.name}`, line: i + 1, text: line });
    });
  }
  run = await runCli(['build'], project);
  duringBuild = [...connections];
}, 240_000);

afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  await work?.done();
});

async function outputFiles(): Promise<string[]> {
  return (await readdir(out, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(out, path.join(e.parentPath, e.name)));
}

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
    expect(attacks.length).toBeGreaterThan(45);
    expect(unreported.map((a) => `${a.file}:${a.line} ${a.text}`)).toEqual([]);
  });

  it('opens no connection anywhere while building: not one TCP handshake', () => {
    expect(duringBuild).toEqual([]);
  });

  it('puts nothing from outside the project, and no dot-file, into any output file', async () => {
    const files = await outputFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const name of files) {
      const bytes = await readFile(path.join(out, name));
      expect(bytes.includes(SECRET), name).toBe(false);
    }
    expect(files.filter((f) => /(^|\/)\.(env|git)/.test(f))).toEqual([]);
    const pdf = files.find((f) => f.endsWith('.pdf'))!;
    const text = execFileSync('pdftotext', [path.join(out, pdf), '-'], { encoding: 'utf8' });
    expect(text).not.toContain(SECRET);
    // The remote image was not fetched for the PDF: its alt text is printed instead.
    expect(text).toContain('[REMOTE-ALT-TEXT]');
  });

  it('lets no script, frame, style or event handler into a chapter page or the print edition', async () => {
    for (const name of ['files.html', 'network.html', 'scripts.html', 'urls.html', 'print.html']) {
      const html = await readFile(path.join(out, name), 'utf8');
      const content =
        name === 'print.html'
          ? html.slice(html.indexOf('<section class="chapter'))
          : html.slice(html.indexOf('<div class="prose">'), html.indexOf('<nav class="pager"'));
      expect(content.length, name).toBeGreaterThan(200);
      expect(content, name).not.toMatch(
        /<(script|iframe|object|embed|style|link|meta|base|form|svg|video)\b|\son[a-z]+=|javascript:|vbscript:|file:|irc:|xmpp:|\sstyle=/i,
      );
    }
  });

  it('applies one URL policy to every URL-bearing attribute: tel kept, srcset candidates judged', async () => {
    const html = await readFile(path.join(out, 'urls.html'), 'utf8');
    const tree = fromHtml(html);
    expect(selectAll('a[href^="tel:"]', tree)).toHaveLength(1);
    expect(selectAll('a[href^="mailto:"]', tree)).toHaveLength(1);
    for (const node of selectAll('[srcset]', tree)) {
      const srcset = String(node.properties.srcSet);
      expect(srcset).not.toMatch(/secret|file:|javascript:|\.\.\//);
    }
    // The one candidate of `images/ok.png 1x, ../../secret 2x` that is fine stays, published.
    expect(html).toMatch(/srcset="media\/chapters\/images\/ok\.png 1x"/);
    expect(selectAll('blockquote[cite], q[cite], img[longdesc]', tree)).toEqual([]);
    expect(selectAll('a[href^="//"]', tree)).toHaveLength(1);
  });

  it('publishes an SVG only cleaned, and no page a browser would run', async () => {
    const files = await outputFiles();
    const svg = await readFile(path.join(out, 'media/chapters/images/evil.svg'), 'utf8');
    expect(svg).toContain('SVG-KEPT-TEXT');
    expect(svg).not.toMatch(
      /<script|onload|onmouseover|foreignObject|<set\b|@import|127\.0\.0\.1|javascript:/i,
    );
    expect(files).toContain('media/chapters/files/checklist.txt');
    expect(files.filter((f) => /\.(html?|xhtml|xml)$/.test(f) && f.startsWith('media/'))).toEqual(
      [],
    );
  });

  it('keeps the names a chapter writes from standing in for the document’s own', async () => {
    const html = await readFile(path.join(out, 'clobber.html'), 'utf8');
    const tree = fromHtml(html);
    expect(
      selectAll('[name]', tree).filter(
        (n) => !String(n.properties.name).startsWith('user-content-'),
      ),
    ).toEqual(selectAll('meta[name]', tree));
    expect(selectAll('a#getElementsByTagName', tree)).toHaveLength(1);
    expect(selectAll('a[href="#getElementsByTagName"]', tree)).toHaveLength(1);
  });

  it('escapes titles and headings for every place they land: no element, no rule of their own', async () => {
    const print = fromHtml(await readFile(path.join(out, 'print.html'), 'utf8'));
    expect(selectAll('style', print)).toHaveLength(1);
    expect(selectAll('link', print).map((l) => l.properties.href)).toEqual([
      'assets/fonts/fonts.css',
      'assets/content.css',
      'assets/print.css',
      'assets/scripts.css',
    ]);
    expect(selectAll('meta[http-equiv]', print)).toHaveLength(1);
    expect(selectAll('iframe, script, object, embed', print)).toEqual([]);
    const pageCss = String(
      (selectAll('style', print)[0]!.children[0] as { value: string } | undefined)?.value,
    );
    // One @page rule per chapter and the three of the front matter, nothing more: the
    // titles that hold `@page` hold it inside strings.
    const chapters = selectAll('section.chapter', print).length;
    let pageRules = 0;
    csstree.walk(csstree.parse(pageCss), (node) => {
      if (node.type === 'Atrule' && node.name === 'page') pageRules++;
    });
    expect(pageRules).toBe(chapters + 3);
    for (const name of ['titles.html', 'form-feed.html', 'top-secret.html']) {
      const page = fromHtml(await readFile(path.join(out, name), 'utf8'));
      expect(selectAll('iframe, link[rel=preconnect], style', page), name).toEqual([]);
    }
  });

  it('prints every page of the TOP SECRET chapter marked TOP SECRET, whatever the others try', async () => {
    const files = await outputFiles();
    const pdf = await readPdf(
      path.join(
        out,
        files.find((f) => f.endsWith('.pdf'))!,
      ),
    );
    const start = pdf.destinations['top-secret']!;
    const pages = pdf.pages.filter((p) => p.index >= start && p.top.includes('· Top secret'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      expect(page.topCentre, `page ${page.label}`).toBe('TOP SECRET');
      expect(page.bottomCentre, `page ${page.label}`).toBe('TOP SECRET');
    }
    // And the chapters that tried to relabel it carry their own marking.
    const titles = pdf.pages.filter((p) => p.top.includes('· Evil'));
    expect(titles.length).toBeGreaterThan(0);
    for (const page of titles) expect(page.topCentre).toBe('UNCLASSIFIED');
    // The cover carries the highest marking of all.
    expect(pdf.pages[0]!.text).toContain('TOP SECRET');
  });

  it('runs no injected script when the HTML edition is read, and the theme’s own scripts work', async () => {
    const running = await launchBrowser({ network: true });
    try {
      const page = await running.browser.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      for (const name of [
        'files.html',
        'network.html',
        'scripts.html',
        'urls.html',
        'clobber.html',
      ]) {
        await page.goto(pathToFileURL(path.join(out, name)).href, { waitUntil: 'networkidle0' });
        await page.click('details summary').catch(() => undefined);
        expect(await page.title()).not.toContain('PWNED');
      }
      // The names in the chapter do not break the scheme toggle.
      await page.click('.scheme-toggle');
      expect(await page.evaluate(() => document.documentElement.dataset.scheme)).toBeTruthy();
      await page.goto(pathToFileURL(path.join(out, 'media/chapters/images/evil.svg')).href);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      // The reader's browser may fetch the remote images the HTML edition keeps (over http,
      // and the https one); nothing else.
      const asked = connections
        .slice(duringBuild.length)
        .map((c) => c.split(' ').slice(1).join(' '));
      expect(asked.filter((line) => !/^GET \/(remote|source)\.png |^TLS /.test(line))).toEqual([]);
    } finally {
      await running.close();
    }
  });
});
