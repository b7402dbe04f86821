import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { afterEach, describe, expect, it } from 'vitest';
import { generateBook } from '../../scripts/generate-book.ts';
import { SiteBuilder } from '../../src/dev/site-builder.ts';
import { loadBook } from '../../src/load/load-book.ts';
import { Diagnostics } from '../../src/report/diagnostics.ts';
import { Transformer } from '../../src/transform/transformer.ts';
import { messageLines, tempDir } from '../helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanups.splice(0)) await done();
});

async function generated(chapters: number) {
  const temp = await tempDir();
  cleanups.push(temp.done);
  await generateBook(temp.dir, chapters, 3);
  return temp.dir;
}

describe('the transform in two threads', () => {
  it('gives the same HTML and messages as one thread', async () => {
    const root = await generated(40);
    const outcome = async (workers: number) => {
      const diagnostics = new Diagnostics(root);
      // Forty chapters are too few for a worker to pay; it is made to work here.
      const transformer = new Transformer(root, { workers, workerThreshold: 1 });
      try {
        const book = await transformer.transform(
          (await loadBook({ root }, diagnostics))!,
          diagnostics,
        );
        return {
          html: book.chapters.map((c) => toHtml(c.hast!)),
          messages: messageLines(diagnostics),
          inWorker: transformer.lastRunInWorker,
        };
      } finally {
        await transformer.close();
      }
    };
    const one = await outcome(0);
    const two = await outcome(1);
    expect(one.inWorker).toBe(0);
    expect(two.inWorker).toBeGreaterThan(10);
    expect(two.html).toHaveLength(40);
    expect(two.html).toEqual(one.html);
    expect(two.messages).toEqual(one.messages);
  });
});

describe('SiteBuilder (the rebuilds of handbook dev)', () => {
  it('rewrites only the page of an edited chapter', async () => {
    const root = await generated(30);
    const out = path.join(root, 'site');
    const builder = new SiteBuilder({ root, outDir: out });
    cleanups.push(() => builder.close());
    expect((await builder.build()).ok).toBe(true);
    const pages = ['chapter-1.html', 'chapter-2.html', 'chapter-15.html', 'index.html'];
    const before = new Map(
      await Promise.all(
        pages.map(async (p) => [p, (await stat(path.join(out, p))).mtimeMs] as const),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));

    const chapter = path.join(root, 'chapters/02-part-2/05-chapter-15.md');
    await writeFile(
      chapter,
      `${await readFile(chapter, 'utf8')}\nA sentence only the rebuild knows.\n`,
    );
    expect((await builder.build()).ok).toBe(true);
    expect(await readFile(path.join(out, 'chapter-15.html'), 'utf8')).toContain(
      'A sentence only the rebuild knows.',
    );
    for (const page of ['chapter-1.html', 'chapter-2.html', 'index.html']) {
      expect((await stat(path.join(out, page))).mtimeMs, page).toBe(before.get(page));
    }
  });

  it('re-checks links into a chapter whose headings changed', async () => {
    const root = await generated(30);
    await writeFile(
      path.join(root, 'chapters/00-links.md'),
      '# Links\n\nSee [the mandate](01-part-1/01-chapter-1.md#mandate-and-authority).\n',
    );
    const builder = new SiteBuilder({ root, outDir: path.join(root, 'site'), cwd: root });
    cleanups.push(() => builder.close());
    expect((await builder.build()).ok).toBe(true);

    const target = path.join(root, 'chapters/01-part-1/01-chapter-1.md');
    const original = await readFile(target, 'utf8');
    await writeFile(target, original.replace('## Mandate and authority', '## Mandate'));
    const broken = await builder.build();
    expect(
      messageLines(broken.diagnostics).filter((m) => m.startsWith('chapters/00-links.md')),
    ).toEqual([
      'chapters/00-links.md:3:5 warning broken-link No heading or anchor `#mandate-and-authority` in `chapters/01-part-1/01-chapter-1.md`; the link is left as text',
    ]);

    await writeFile(target, original);
    const fixed = await builder.build();
    expect(fixed.ok).toBe(true);
    expect(messageLines(fixed.diagnostics)).toEqual([]);
  });
});
