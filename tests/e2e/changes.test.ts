import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.ts';
import { REPO, runCli, tempDir } from '../helpers.ts';
import { accessibilityReport, failures } from '../pdf-accessibility.ts';
import { readPdf, type ReadPdf } from '../pdf-reader.ts';

// A handbook in a git repository made here: edition 1.0 tagged, then a paragraph reworded,
// a list item deleted, a section added and a chapter renamed. The next build must show a
// reader exactly those, in both editions, and change nothing in the repository.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Editor',
      GIT_AUTHOR_EMAIL: 'editor@example.org',
      GIT_COMMITTER_NAME: 'Editor',
      GIT_COMMITTER_EMAIL: 'editor@example.org',
    },
  });

const INTRO = `---
title: Introduction
---

This handbook prepares staff for a posting to a peace operation.

It is short and each chapter stands alone.

## Reading it

- Read the first chapter.
- Then read what you need.
- Keep it at hand.
`;

const FORCES = `---
title: Forces
---

The force had 60,000 troops at its height in 1996.

## Contributors

| Nation | Troops |
|---|---|
| France | 7,500 |
| Italy | 2,000 |
`;

const LESSONS = `---
title: Lessons
---

Mandates must be clear before troops deploy to a mission.

Civilian partners must be involved from the start of the planning.
`;

async function repository(): Promise<string> {
  const temp = await tempDir();
  cleanups.push(temp.done);
  const root = temp.dir;
  await mkdir(path.join(root, 'chapters'));
  await writeFile(
    path.join(root, 'handbook.yml'),
    "title: Change handbook\nversion: '1.1'\npreviousEdition: v1.0\nrevisions:\n  - { version: '1.0', date: '2026-01-01', changes: First issue. }\n  - { version: '1.1', date: '2026-02-01', changes: Kosovo added. }\n",
  );
  await writeFile(path.join(root, 'chapters', '01-intro.md'), INTRO);
  await writeFile(path.join(root, 'chapters', '02-forces.md'), FORCES);
  await writeFile(path.join(root, 'chapters', '03-old-name.md'), LESSONS);
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'Edition 1.0');
  git(root, 'tag', 'v1.0');
  await writeFile(
    path.join(root, 'chapters', '01-intro.md'),
    INTRO.replace(
      'It is short and each chapter stands alone.',
      'It is short, and each\nchapter stands on its own.',
    )
      .replace('- Then read what you need.\n', '')
      // Reflowed, not reworded: no change.
      .replace('for a posting to a peace operation.', 'for a posting\nto a peace operation.'),
  );
  await writeFile(
    path.join(root, 'chapters', '02-forces.md'),
    `${FORCES}\n## Kosovo\n\nKFOR entered Kosovo in June 1999 with about 50,000 troops.\n`,
  );
  git(root, 'mv', 'chapters/03-old-name.md', 'chapters/03-lessons.md');
  return root;
}

describe('changes since an edition', () => {
  let root: string;
  let result: BuildResult;
  let pdf: ReadPdf;
  let head: string;
  let status: string;

  beforeAll(async () => {
    root = await repository();
    head = git(root, 'rev-parse', 'HEAD');
    status = git(root, 'status', '--porcelain', '--untracked-files=no');
    result = await build({ root });
    expect(result.ok).toBe(true);
    pdf = await readPdf(result.pdfPath!);
  });

  it('changes nothing in the repository', () => {
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(root, 'status', '--porcelain', '--untracked-files=no')).toBe(status);
    expect(git(root, 'stash', 'list')).toBe('');
  });

  it('lists exactly what changed on a summary page, each with the page it is on', () => {
    const page = pdf.pages.find((p) => p.text.startsWith('Summary of changes'))!;
    expect(page).toBeDefined();
    expect(page.text).toContain('Changes since v1.0');
    expect(page.text).toContain('Kosovo added.');
    const entries = page.lines
      .map((l) => l.text)
      .filter((t) => /\s\d+$/.test(t) && !t.startsWith('Page'));
    const label = (dest: string) => pdf.pages[pdf.destinations[dest]!]!.label;
    expect(entries).toEqual([
      `1. Introduction ${label('intro')}`,
      `Introduction — changed: 1 ${label('intro')}`,
      `Reading it — removed: 1 ${label('intro')}`,
      `2. Forces ${label('forces')}`,
      `Kosovo — added: 2 ${label('forces--kosovo')}`,
      `3. Lessons — Moved from chapters/03-old-name.md ${label('lessons')}`,
    ]);
    // Listed in the contents and the bookmarks, after document control.
    expect(pdf.outline.map((o) => o.title).slice(0, 4)).toEqual([
      'Cover',
      'Document control',
      'Summary of changes',
      'Contents',
    ]);
    expect(page.links.length).toBe(entries.length);
  });

  it('draws a change bar beside the changed blocks and nowhere else', async () => {
    const intro = pdf.destinations['intro']!;
    const forces = pdf.destinations['forces']!;
    const lessons = pdf.destinations['lessons']!;
    const marks = await gutterMarks(result.pdfPath!);
    const near = (page: number, text: string) => {
      const line = pdf.pages[page]!.lines.find((l) => l.text.includes(text))!;
      expect(line, text).toBeDefined();
      const top = pdf.pages[page]!.height - line.y;
      // The line's letters, above its baseline: not the gap between lines, where a
      // deletion's wedge sits.
      return marks[page]!.some((row) => row > top - 7 && row < top - 1);
    };
    expect(near(intro, 'It is short, and each chapter stands on its own.')).toBe(true);
    expect(near(intro, 'This handbook prepares staff')).toBe(false);
    expect(near(intro, 'Read the first chapter.')).toBe(false);
    // The small mark where the item was deleted, between the two items left.
    const first = pdf.pages[intro]!.lines.find((l) => l.text.includes('Read the first'))!;
    const last = pdf.pages[intro]!.lines.find((l) => l.text.includes('Keep it at hand'))!;
    const height = pdf.pages[intro]!.height;
    expect(marks[intro]!.some((r) => r > height - first.y && r < height - last.y)).toBe(true);
    expect(near(forces, 'Kosovo')).toBe(true);
    expect(near(forces, 'KFOR entered Kosovo')).toBe(true);
    expect(near(forces, 'The force had 60,000')).toBe(false);
    expect(near(forces, 'France')).toBe(false);
    // A chapter that only moved, and the front matter, have none.
    expect(marks[lessons]).toEqual([]);
    for (let i = 0; i < intro; i++) expect(marks[i], `page ${i + 1}`).toEqual([]);
  });

  it('keeps the PDF accessible: the bars are artifacts, the summary real text', async () => {
    expect(failures(await accessibilityReport(result.pdfPath!))).toEqual({});
  });

  it('marks the same blocks in the HTML edition, with a page of the changes', async () => {
    const page = async (name: string) =>
      fromHtml(await readFile(path.join(root, 'dist', name), 'utf8'));
    const changed = async (name: string) =>
      selectAll('[data-change]', await page(name)).map(
        (e) => `${e.tagName} ${String(e.properties.dataChange)}`,
      );
    expect(await changed('intro.html')).toEqual(['p changed', 'li deleted']);
    expect(await changed('forces.html')).toEqual(['h2 added', 'p added']);
    expect(await changed('lessons.html')).toEqual([]);
    const deleted = selectAll('.change-deleted del', await page('intro.html'));
    expect(deleted.map((d) => (d.children[0] as { value: string }).value)).toEqual([
      'Then read what you need.',
    ]);
    const links = selectAll('.changes-list a', await page('changes.html')).map((a) =>
      String(a.properties.href),
    );
    expect(links).toEqual([
      'intro.html',
      'intro.html#change-2',
      'intro.html#deleted-5',
      'forces.html',
      'forces.html#kosovo',
      'lessons.html',
    ]);
    const index = await readFile(path.join(root, 'dist', 'index.html'), 'utf8');
    expect(index).toContain('<a href="changes.html">Changes since v1.0</a>');
  });

  it('shows the same marks in handbook dev, and follows a save', async () => {
    const { startDevServer } = await import('../../src/dev/dev-server.ts');
    const server = await startDevServer({ root, port: 0 });
    try {
      const marks = async (name: string) =>
        selectAll(
          '[data-change]',
          fromHtml(await (await fetch(new URL(name, server.url))).text()),
        ).map((e) => `${e.tagName} ${String(e.properties.dataChange)}`);
      expect(await marks('forces.html')).toEqual(['h2 added', 'p added']);
      expect(await marks('intro.html')).toEqual(['p changed', 'li deleted']);
      expect((await fetch(new URL('changes.html', server.url))).status).toBe(200);
      // A paragraph added while the server runs is marked on the next rebuild; the marks
      // before it are not made twice.
      const before = (await server.settled()).generation;
      const lessons = path.join(root, 'chapters', '03-lessons.md');
      const text = await readFile(lessons, 'utf8');
      await writeFile(lessons, `${text}\nA lesson written during the session.\n`);
      const deadline = Date.now() + 20_000;
      let status = await server.settled();
      while (status.generation <= before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await server.settled();
      }
      expect(status.generation).toBeGreaterThan(before);
      expect(await marks('lessons.html')).toEqual(['p added']);
      expect(await marks('forces.html')).toEqual(['h2 added', 'p added']);
      await writeFile(lessons, text);
      await server.settled();
    } finally {
      await server.close();
    }
  });

  it('builds a draft: DRAFT across every page, the date and commit, and says so in the metadata', async () => {
    const out = path.join(root, 'draft');
    const run = await runCli(['build', '.', '--draft', '--out', out], root, {
      SOURCE_DATE_EPOCH: '1767225600',
    });
    expect(run.code, run.stderr).toBe(0);
    const file = path.join(out, 'change-handbook.pdf');
    const draft = await readPdf(file);
    const commit = git(root, 'rev-parse', '--short', 'HEAD').trim();
    for (const p of draft.pages) {
      expect(p.text.replace(/\s+/g, ''), `page ${p.label}`).toContain('DRAFT');
      if (p.index > 0) expect(p.bottom).toContain(`Draft of January 1, 2026, ${commit}+`);
    }
    const xmp = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    expect(xmp).toContain(`<xmp:Label>DRAFT: Draft of January 1, 2026, ${commit}+</xmp:Label>`);
    // The watermark is an artifact: the PDF stays accessible.
    expect(failures(await accessibilityReport(file))).toEqual({});
    const html = await readFile(path.join(out, 'intro.html'), 'utf8');
    expect(html).toContain('<p class="draft-banner">DRAFT · Draft of January 1, 2026');
  });
});

describe('the bundled sample', () => {
  it('shows its changes since edition 1.2, agreeing with its revision history', async () => {
    // The edition setup.sh builds the sample against, by its commit.
    const setup = await readFile(path.join(REPO, 'scripts', 'setup.sh'), 'utf8');
    const previous = /^previous=([0-9a-f]{40})$/m.exec(setup)![1]!;
    const temp = await tempDir();
    cleanups.push(temp.done);
    const result = await build({
      root: REPO,
      outDir: path.join(temp.dir, 'out'),
      changesSince: previous,
      pdf: false,
      cache: false,
    });
    expect(result.ok).toBe(true);
    const { config, changes } = result.book!;
    expect(changes!.since).toBe('1.2');
    expect(changes!.note).toBe(config.revisions.find((r) => r.version === config.version)!.changes);
    expect(changes!.removed).toEqual([]);
    expect(
      changes!.chapters.map((c) => [
        c.chapterId,
        c.status,
        c.sections.map((s) => `${s.title}: ${s.changed} changed, ${s.added} added`),
      ]),
    ).toEqual([
      ['kosovo', 'changed', ['Tasks on the ground: 1 changed, 0 added']],
      ['rules-of-engagement', 'changed', ['Reading a mandate: 0 changed, 6 added']],
    ]);
    // The French edition, compared with the French chapters as they were.
    const french = result.editions!.find((e) => e.language === 'fr')!.book.changes!;
    expect(french.note).toMatch(/^Chapitre sur le Kosovo mis à jour/);
    expect(french.chapters.map((c) => [c.chapterId, c.sections.map((s) => s.title)])).toEqual([
      ['kosovo', ['Les tâches sur le terrain']],
      ['rules-of-engagement', ['Lire un mandat']],
    ]);
  });
});

describe('an edition that cannot be read', () => {
  it('names a ref that does not exist, and stops', async () => {
    const root = await repository();
    const run = await runCli(['build', '.', '--no-pdf', '--changes-since', 'v9.9'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No tag, branch or commit v9.9 in this repository');
    expect(run.stderr).toContain('git tag lists the tags');
  });

  it('reads a folder of previous sources only inside the project, links included', async () => {
    const root = await repository();
    const outside = await tempDir();
    cleanups.push(outside.done);
    await writeFile(path.join(outside.dir, 'secret.md'), '# Secret\n\nNot for the handbook.\n');
    await symlink(outside.dir, path.join(root, 'old'));
    const run = await runCli(['build', '.', '--no-pdf', '--changes-since', 'old'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The folder of the previous edition, old, is outside the project');
  });

  it('warns at previousEdition when the sources have no history, and builds without marks', async () => {
    const root = await repository();
    await rm(path.join(root, '.git'), { recursive: true, force: true });
    const run = await runCli(['build', '.', '--no-pdf'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /handbook\.yml\s+3:1\s+warning\s+Cannot read the previous edition v1\.0: the project is not in a git repository/,
    );
    expect(await readFile(path.join(root, 'dist', 'intro.html'), 'utf8')).not.toContain(
      'data-change',
    );
    expect((await runCli(['build', '.', '--no-pdf', '--strict'], root)).code).toBe(1);
  });

  it('says how to fetch an edition a shallow clone lacks', async () => {
    const origin = await repository();
    git(origin, 'add', '-A');
    git(origin, 'commit', '-qm', 'Edition 1.1');
    const temp = await tempDir();
    cleanups.push(temp.done);
    const clone = path.join(temp.dir, 'clone');
    git(temp.dir, 'clone', '-q', '--depth', '1', '--no-tags', `file://${origin}`, clone);
    const run = await runCli(['build', '.', '--no-pdf'], clone);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('The previous edition v1.0 is not in this shallow clone');
    expect(run.stderr).toContain('git fetch --unshallow');
  });
});

/**
 * Rows (in points from the top) where something dark is drawn in the strip of the start
 * margin where change bars go, page by page, from the pages rendered with pdftoppm.
 */
async function gutterMarks(file: string): Promise<number[][]> {
  const temp = await tempDir();
  cleanups.push(temp.done);
  execFileSync('pdftoppm', ['-gray', '-r', '72', file, path.join(temp.dir, 'p')]);
  const { readdir } = await import('node:fs/promises');
  const names = (await readdir(temp.dir)).filter((n) => n.endsWith('.pgm')).sort();
  const pages: number[][] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(temp.dir, name));
    // P5: "P5\nW H\n255\n" then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.toString('latin1', 0, 40))!;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const data = bytes.subarray(header[0].length);
    // The bar sits 5 mm before the text, which starts 22 mm from the page edge.
    const [from, to] = [Math.round((15.5 * 72) / 25.4), Math.round((19.5 * 72) / 25.4)];
    const rows: number[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = from; x <= to; x++) {
        if (data[y * width + x]! < 128) {
          rows.push(y);
          break;
        }
      }
    }
    pages.push(rows);
  }
  return pages;
}
