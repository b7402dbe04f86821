import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { accessibilityReport, elementLanguages } from '../pdf-accessibility.ts';
import { messageLines, tempDir } from '../helpers.ts';
import { frontCount } from '../pdf-contents.ts';
import { readPdf } from '../pdf-reader.ts';

// Handbooks written in Arabic and in Chinese, built with nothing installed by hand: every
// character in a font from npm, the page laid out in the script's direction.
const temp = await tempDir();
afterAll(() => temp.done());

const ARABIC = `---
title: عمليات حفظ السلام
---

## المهام الميدانية

تنتشر القوات للفصل بين الأطراف ومراقبة اتفاقات وقف إطلاق النار وحماية المدنيين. يعمل حلف
شمال الأطلسي (الناتو) إلى جانب الأمم المتحدة منذ عام 1999 في كوسوفو.

- تسيير الدوريات ونقاط التفتيش؛
- نزع سلاح الجماعات المسلحة؛
- دعم المساعدات الإنسانية.
`;

const CHINESE = `---
title: 维和行动
---

## 实地任务

部队部署的目的是隔离各方、监督停火协议并保护平民。自1999年起，北约（NATO）与联合国一道在科索沃开展工作。

- 巡逻和检查站；
- 解除武装团体的武装；
- 支持人道主义援助。
`;

async function handbook(name: string, language: string, chapter: string) {
  const root = path.join(temp.dir, name);
  await mkdir(path.join(root, 'chapters'), { recursive: true });
  await writeFile(path.join(root, 'handbook.yml'), `title: ${name}\nlanguage: ${language}\n`);
  await writeFile(path.join(root, 'chapters', '01-chapter.md'), chapter);
  const result = await build({ root, strict: true });
  expect(messageLines(result.diagnostics)).toEqual([]);
  expect(result.ok).toBe(true);
  return { root, result };
}

/** The fonts of a PDF, as pdffonts lists them: name, embedded, with a ToUnicode map. */
function fontsOf(pdf: string) {
  return execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const cells = line.trim().split(/\s+/);
      return { name: cells[0]!, embedded: cells.at(-5), unicode: cells.at(-3) };
    });
}

/** Where each word of a page sits, from pdftotext -bbox. */
function wordBoxes(pdf: string, page: number) {
  const xml = execFileSync(
    'pdftotext',
    ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'],
    { encoding: 'utf8' },
  );
  const width = Number(/<page width="([\d.]+)"/.exec(xml)![1]);
  const words = [
    ...xml.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
    ),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), xMax: Number(m[3]), text: m[4]! }));
  return { width, words };
}

describe('handbooks in other scripts', () => {
  it('lays an Arabic handbook out right to left in both editions, in Noto fonts from npm', async () => {
    const { root, result } = await handbook('arabic', 'ar', ARABIC);
    const page = fromHtml(await readFile(path.join(root, 'dist', 'chapter.html'), 'utf8'));
    expect(select('html', page)!.properties).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(select('.pager-label', page)).toBeTruthy();

    const pdf = result.pdfPath!;
    const fonts = fontsOf(pdf);
    expect(fonts.map((f) => f.name).join(' ')).toMatch(/NotoSansArabic/);
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+(NotoSans|SourceSans3|SourceSerif4|JetBrainsMono)/);
      expect([font.embedded, font.unicode]).toEqual(['yes', 'yes']);
    }
    // Chromium maps some joined Arabic glyphs to U+0000 (with ActualText over them): the
    // file claims no more than it meets, PDF/A-2b, and the checker sees the same glyphs.
    expect(result.pdfConformance!.claims).toEqual({ archive: { part: 2, conformance: 'B' } });
    expect(result.pdfConformance!.withheld.join()).toMatch(
      /glyphs of NotoSansArabic.* without a Unicode value/,
    );
    const report = await accessibilityReport(pdf);
    expect(report.fonts.join()).toMatch(/NotoSansArabic.* maps \d+ glyphs to U\+0000/);
    expect(report['figure-alt']).toEqual([]);
    expect(report['untagged-content']).toEqual([]);
    const read = await readPdf(pdf);
    const body = frontCount(read) + 1;
    // Poppler reads the letters in their logical order, though it guesses word gaps inside
    // joined Arabic runs: compare without spaces (and without the marks of direction).
    const text = execFileSync('pdftotext', ['-f', String(body), '-l', String(body), pdf, '-'], {
      encoding: 'utf8',
    }).replace(/[\s\u200e\u200f\u202a-\u202e]+/g, '');
    expect(text).toContain('المهامالميدانية');
    expect(text).toContain('الصفحة1من1');
    // The running header sits where an Arabic line starts, on the right; the identity line
    // too, and the page number where a line ends, on the left.
    const { width, words } = wordBoxes(pdf, body);
    const header = words.filter((w) => w.y < 62);
    expect(header.length).toBeGreaterThan(0);
    for (const w of header) expect(w.x, w.text).toBeGreaterThan(width / 2);
    const footer = words.filter((w) => w.y > 775);
    expect(footer.find((w) => w.text === 'arabic')!.x).toBeGreaterThan(width / 2);
    expect(footer.filter((w) => w.xMax < width / 2).map((w) => w.text)).toContain('1');
  });

  it('sets an Arabic chapter of an English handbook right to left, the rest left to right', async () => {
    const root = path.join(temp.dir, 'mixed');
    await mkdir(path.join(root, 'chapters'), { recursive: true });
    await writeFile(path.join(root, 'handbook.yml'), 'title: Mixed\nlanguage: en\n');
    await writeFile(path.join(root, 'chapters', '01-english.md'), '# English\n\nPlain text.\n');
    await writeFile(
      path.join(root, 'chapters', '02-arabic.md'),
      ARABIC.replace('---\n\n', 'lang: ar\n---\n\n'),
    );
    const result = await build({ root, strict: true });
    expect(messageLines(result.diagnostics)).toEqual([]);
    // In the tagged PDF too: the document is English, the Arabic chapter's elements say ar.
    expect(await elementLanguages(result.pdfPath!)).toEqual(['en', 'ar']);
    const page = fromHtml(await readFile(path.join(root, 'dist', 'arabic.html'), 'utf8'));
    expect(select('html', page)!.properties).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(select('article', page)!.properties).toMatchObject({ lang: 'ar', dir: 'rtl' });
    const english = fromHtml(await readFile(path.join(root, 'dist', 'english.html'), 'utf8'));
    expect(select('article', english)!.properties.lang).toBeUndefined();
  });

  it('sets a Chinese handbook in Noto Sans SC, with nothing drawn by a system font', async () => {
    const { root, result } = await handbook('chinese', 'zh', CHINESE);
    const page = fromHtml(await readFile(path.join(root, 'dist', 'chapter.html'), 'utf8'));
    expect(select('html', page)!.properties).toMatchObject({ lang: 'zh', dir: 'ltr' });
    const css = await readFile(path.join(root, 'dist', 'assets', 'fonts', 'fonts.css'), 'utf8');
    expect(css).toContain("font-family: 'Noto Sans SC'");
    // Only the subsets the handbook uses: no Japanese or Korean font, no Arabic.
    expect(css).not.toMatch(/font-family: 'Noto Sans (JP|KR|TC)'/);
    expect(css.match(/@font-face/g)!.length).toBeLessThan(40);

    const fonts = fontsOf(result.pdfPath!);
    expect(fonts.map((f) => f.name).join(' ')).toMatch(/NotoSansSC/);
    for (const font of fonts)
      expect(font.name).toMatch(/^[A-Z]{6}\+(NotoSans|SourceSans3|SourceSerif4|JetBrainsMono)/);
    const read = await readPdf(result.pdfPath!);
    const text = read.pages.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n');
    expect(text).toContain('实地任务');
    expect(text).toContain('目录');
    expect(text).toMatch(/第 1 页，共 1 页/);
  });
});
