import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';

// Inputs no one means to write, and some everyone writes: no crash, no hang, and a clear
// message naming the place where the input is at fault.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

async function project(files: Record<string, string | Buffer>) {
  const temp = await tempDir();
  cleanups.push(temp.done);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(temp.dir, name)), { recursive: true });
    await writeFile(path.join(temp.dir, name), content);
  }
  return temp.dir;
}

describe('monstrous and unusual input', () => {
  it('builds both editions from awkward but legitimate chapters', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `| Unit ${i} | Sector ${i % 9} | Ready |`,
    ).join('\n');
    const dir = await project({
      'handbook.yml': "title: Awkward\ndate: '2026-01-01'\n",
      'chapters/01-table.md': `# A 3,000-row table\n\n| Unit | Sector | State |\n|---|---|---|\n${rows}\n`,
      'chapters/02-empty.md': '',
      'chapters/03-bom.md': '\ufeff---\ntitle: With a byte-order mark\n---\nText after a BOM.\n',
      'chapters/04-crlf.md':
        '---\r\ntitle: Windows line ends\r\n---\r\n## Section\r\n\r\nSee [the section](#section).\r\n',
      'chapters/05-same.md': '---\ntitle: Same title\n---\n## Overview\n## Overview\n',
      'chapters/06-same.md': '---\ntitle: Same title\n---\n## Overview\n',
      'chapters/07-scripts.md':
        '# عربي, 中文 and 😀\n\n## مرحبا بالعالم\n\n## 你好，世界\n\n## 🚀 Launch\n\nשלום עולם — 日本語のテキスト — Ελληνικά — Кириллица.\n',
    });
    const run = await runCli(['build'], dir);
    expect(run.code, run.stderr).toBe(0);
    // Greek, Cyrillic, Arabic, Hebrew and CJK are in the theme's fonts (Noto from npm);
    // emoji are not, and the author is told where the first such character is.
    expect(run.stderr).toMatch(
      /07-scripts\.md\n1:16\s+warning\s+`😀` \(U\+1F600\), `🚀` \(U\+1F680\) are in no font of the theme\b.*missing-glyph/,
    );
    expect(run.stderr).not.toMatch(/`[ΕλКиعש中日]`/);
    const pdf = path.join(dir, 'dist', 'awkward.pdf');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Unit 2999');
    expect(text).toContain('Text after a BOM.');
    expect(text).toContain('Ελληνικά — Кириллица');
    expect(text).toContain('日本語のテキスト');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansArabic/);
    expect(fonts).toMatch(/NotoSansHebrew/);
    const pages = Number(
      /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1],
    );
    expect(pages).toBeGreaterThan(50);
    const rtl = await readFile(path.join(dir, 'dist', 'scripts.html'), 'utf8');
    expect(rtl).toContain('id="مرحبا-بالعالم"');
    expect(rtl).toContain('id="你好世界"');
    // Two chapters titled alike get two pages.
    expect(await readFile(path.join(dir, 'dist', 'same.html'), 'utf8')).toContain('Same title');
    expect(await readFile(path.join(dir, 'dist', 'same-2.html'), 'utf8')).toContain('Same title');
  });

  it('leaves out a chapter whose nesting no prose has, says where, and builds the rest', async () => {
    const dir = await project({
      'chapters/00-fine.md': '# Fine\n\nA chapter like any other.\n',
      'chapters/01-quotes.md': `# Quotes\n\n${'> '.repeat(5000)}deep\n`,
      'chapters/02-lists.md': `# Lists\n\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`,
      'chapters/03-emphasis.md': `# Emphasis\n\n${'*'.repeat(20000)}x${'*'.repeat(20000)}\n`,
      'chapters/04-html.md': `# HTML\n\n${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}\n`,
    });
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /01-quotes\.md\n3:1\s+warning\s+Chapter left out: blockquotes nested more than 100 deep\s+limit/,
    );
    expect(run.stderr).toMatch(
      /02-lists\.md\n103:1\s+warning\s+Chapter left out: a list nested more than 200 columns deep\s+limit/,
    );
    expect(run.stderr).toMatch(
      /03-emphasis\.md\n3:1\s+warning\s+Chapter left out: 20000 `\*` in a row: more than 200 is not prose\s+limit/,
    );
    expect(run.stderr).toMatch(
      /04-html\.md\n3:1001\s+warning\s+Chapter left out: HTML elements nested more than 200 deep\s+limit/,
    );
    const built = await readdir(path.join(dir, 'dist'));
    expect(built).toContain('fine.html');
    expect(built.filter((f) => /^(quotes|lists|emphasis|html)\.html$/.test(f))).toEqual([]);
    // --strict makes a chapter left out fail the build.
    expect((await runCli(['build', '--no-pdf', '--strict'], dir)).code).toBe(1);
  });

  it('reports binary and non-UTF-8 files at the first bad byte, and builds a 10 MB chapter', async () => {
    const paragraph =
      'The force patrolled the sector and reported to the mission headquarters every evening. ';
    const big = `# Ten megabytes\n\n${Array.from({ length: 1200 }, (_, i) => `## Part ${i}\n\n${paragraph.repeat(96)}\n`).join('\n')}`;
    expect(big.length).toBeGreaterThan(10_000_000);
    const dir = await project({
      'chapters/01-big.md': big,
      'chapters/02-binary.md': Buffer.from([0x23, 0x20, 0x48, 0x69, 0x0a, 0x00, 0x01, 0x02]),
      'chapters/03-latin1.md': Buffer.from('# Caf\xe9\n', 'latin1'),
    });
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /02-binary\.md\n2:1\s+error\s+File holds binary data \(a NUL byte\), not Markdown text\s+read/,
    );
    expect(run.stderr).toMatch(
      /03-latin1\.md\n1:6\s+error\s+File is not valid UTF-8 text \(save it as UTF-8\)\s+read/,
    );
    expect(run.stderr).not.toContain('01-big.md');

    const bigOnly = await project({ 'chapters/01-big.md': big });
    const built = await runCli(['build', '--no-pdf'], bigOnly);
    expect(built.code, built.stderr).toBe(0);
    expect((await readFile(path.join(bigOnly, 'dist', 'big.html'), 'utf8')).length).toBeGreaterThan(
      10_000_000,
    );
  });
});
