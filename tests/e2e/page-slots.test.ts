import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateBook } from '../../scripts/generate-book.ts';
import { build, type BuildResult } from '../../src/build.ts';
import type { PageNumbers } from '../../src/model/page-numbers.ts';
import { launchBrowser } from '../../src/print/launch.ts';
import { renderPrintEdition } from '../../src/render/print-edition.ts';
import { tempDir } from '../helpers.ts';
import { readPdf } from '../pdf-reader.ts';

// Page numbers are filled in after a draft has shown where everything lands. Each sits in a
// slot whose width does not depend on the number, so the draft, printed with placeholders,
// lays out exactly as the final pages: the first full print is the last.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

let result: BuildResult;

beforeAll(async () => {
  const temp = await tempDir();
  cleanups.push(temp.done);
  const { chapterFiles } = await generateBook(temp.dir, 14, 11);
  // Paragraphs thick with cross-references to early (one digit) and late (two digits) pages:
  // were their widths to differ from the placeholders', lines would break elsewhere.
  const targets = chapterFiles.map((file) => path.relative(temp.dir, file));
  for (const file of chapterFiles) {
    const links = targets
      .map(
        (t, i) => `[part ${i + 1}](${path.relative(path.dirname(file), path.join(temp.dir, t))})`,
      )
      .join(', ');
    await appendFile(file, `\n## Cross-references\n\n${[links, links, links].join('; ')}.\n`);
  }
  result = await build({ root: temp.dir });
  expect(result.ok).toBe(true);
});

it('lays out a page the same whatever numbers its slots hold, placeholders included', async () => {
  const book = result.book!;
  // Every target on page 7, then on page 777: a slot that took its number's width would
  // make the second much wider than the first, and both unlike the placeholders.
  const labels = (label: string): PageNumbers => ({
    labels: Object.fromEntries(
      book.chapters.flatMap((c) =>
        [c.id, ...c.headings.map((h) => `${c.id}--${h.id}`)].map((id) => [id, label]),
      ),
    ),
    frontPages: 3,
    bodyPages: 900,
  });
  const variants = {
    placeholders: await renderPrintEdition(book, { slotDigits: 3 }),
    short: await renderPrintEdition(book, { slotDigits: 3, numbers: labels('7') }),
    long: await renderPrintEdition(book, { slotDigits: 3, numbers: labels('777') }),
  };
  const running = await launchBrowser();
  try {
    const layouts: Record<string, string> = {};
    for (const [name, html] of Object.entries(variants)) {
      const file = path.join(result.outDir, `slots-${name}.html`);
      await writeFile(file, html);
      const page = await running.browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.emulateMediaType('print');
      await page.setViewport({ width: 700, height: 1000 });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      // Where every cross-reference and every block of text sits, to the pixel.
      layouts[name] = await page.evaluate(() =>
        [...document.querySelectorAll('.xref-page, .prose > *, .toc-entry')]
          .map((e) => {
            const r = e.getBoundingClientRect();
            return `${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.width)},${Math.round(r.height)}`;
          })
          .join(' '),
      );
      expect(
        await page.evaluate(() => document.querySelectorAll('.xref-page').length),
      ).toBeGreaterThan(300);
      await page.close();
    }
    expect(layouts.short).toBe(layouts.placeholders);
    expect(layouts.long).toBe(layouts.placeholders);
  } finally {
    await running.close();
  }
});

it('prints once, every cross-reference naming the page it leads to', async () => {
  expect(result.prints).toBe(1);
  const pdf = await readPdf(result.pdfPath!);
  expect(pdf.pages.length).toBeGreaterThan(30);
  // Every cross-reference prints the page its link leads to, one digit or two.
  const printed = new Set<string>();
  for (const page of pdf.pages.filter((p) => /^\d+$/.test(p.label))) {
    const text = page.text.replace(/\n/g, ' ');
    for (const match of text.matchAll(/part (\d+) \(p\. (\d+)\)/g)) {
      const chapterStart = pdf.pages.find((p) =>
        p.lines.some((l) => new RegExp(`^Chapter ${match[1]} `).test(l.text)),
      );
      expect(match[2], `part ${match[1]} on page ${page.label}`).toBe(chapterStart?.label);
      printed.add(match[2]!);
    }
  }
  expect([...printed].some((n) => n.length === 1)).toBe(true);
  expect([...printed].some((n) => n.length === 2)).toBe(true);
});
