import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';
import { accessibilityReport, failures } from '../pdf-accessibility.ts';
import { readPdf } from '../pdf-reader.ts';

// Controlled copies: one PDF per copy on the distribution list, numbered through it,
// stamped onto the finished PDF, each reproducible to the byte.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

describe('numbered copies', () => {
  let root: string;
  let files: string[];
  let stderr: string;

  beforeAll(async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    root = temp.dir;
    await mkdir(path.join(root, 'chapters'));
    await writeFile(
      path.join(root, 'handbook.yml'),
      "title: Copy handbook\ndate: '2026-01-01'\ndistribution:\n  - { recipient: Course participants, copies: 2 }\n  - { recipient: Łódź liaison office }\n",
    );
    for (const [name, title] of [
      ['01-one.md', 'One'],
      ['02-two.md', 'Two'],
    ] as const)
      await writeFile(
        path.join(root, 'chapters', name),
        `---\ntitle: ${title}\n---\n\n${'A paragraph of the chapter. '.repeat(120)}\n`,
      );
    const run = await runCli(['build', '.', '--copies'], root);
    expect(run.code, run.stderr).toBe(0);
    stderr = run.stderr;
    files = (await readdir(path.join(root, 'dist', 'copies'))).sort();
  });

  it('writes one PDF per copy on the distribution list, and says so', () => {
    expect(files).toEqual([
      'copy-handbook-copy-1-of-3.pdf',
      'copy-handbook-copy-2-of-3.pdf',
      'copy-handbook-copy-3-of-3.pdf',
    ]);
    expect(stderr).toMatch(
      /copy-handbook\.pdf \(\d+ pages, PDF\/UA-1, PDF\/A-2a, 3 numbered copies\)/,
    );
  });

  it('prints "Copy N of 3" on every page, and the recipient on document control', async () => {
    const original = await readPdf(path.join(root, 'dist', 'copy-handbook.pdf'));
    for (const [i, recipient] of [
      'Course participants',
      'Course participants',
      'Łódź liaison office',
    ].entries()) {
      const copy = await readPdf(path.join(root, 'dist', 'copies', files[i]!));
      expect(copy.pages).toHaveLength(original.pages.length);
      for (const page of copy.pages) {
        expect(page.top, `copy ${i + 1}, page ${page.label}`).toContain(`Copy ${i + 1} of 3`);
        // The pages themselves are the original's.
        const words = (text: string) => text.replace(/\s+/g, ' ').trim();
        expect(words(page.text.replace(/Copy \d of 3( · [^\n]*)?/, ''))).toBe(
          words(original.pages[page.index]!.text),
        );
      }
      const control = copy.pages.find((p) => p.text.includes('Document control'))!;
      expect(control.top).toContain(`Copy ${i + 1} of 3 · ${recipient}`);
      expect(copy.pages.filter((p) => p.top.includes(recipient))).toHaveLength(1);
    }
  });

  it('keeps every copy accessible and archivable: the mark is an artifact, its font embedded', async () => {
    // Written as an incremental update of the finished PDF, which Poppler reads without a word.
    const info = spawnSync('pdfinfo', [path.join(root, 'dist', 'copies', files[2]!)], {
      encoding: 'utf8',
    });
    expect(info.stderr).toBe('');
    expect(info.stdout).toMatch(/Tagged:\s+yes/);
    expect(
      failures(await accessibilityReport(path.join(root, 'dist', 'copies', files[2]!))),
    ).toEqual({});
  });

  it('makes the same bytes again, and a different file per copy', async () => {
    const first = await Promise.all(
      files.map((f) => readFile(path.join(root, 'dist', 'copies', f))),
    );
    const again = await runCli(['build', '.', '--copies', '--out', 'again'], root);
    expect(again.code).toBe(0);
    for (const [i, file] of files.entries())
      expect(
        Buffer.compare(await readFile(path.join(root, 'again', 'copies', file)), first[i]!),
      ).toBe(0);
    expect(Buffer.compare(first[0]!, first[1]!)).not.toBe(0);
  });
});
