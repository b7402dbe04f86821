import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBook } from '../../scripts/generate-book.ts';
import { build } from '../../src/build.ts';
import type { Book } from '../../src/model/book.ts';
import { copyProject, REPO, tempDir } from '../helpers.ts';
import { brokenLinks } from '../link-check.ts';
import { readPdf, type ReadPdf } from '../pdf-reader.ts';
import { markedContent, paginationArtifacts } from '../pdf-marked-content.ts';
import { accessibilityReport, failures } from '../pdf-accessibility.ts';
import { checkContents, expectedEntries, frontCount, pageWithLine } from '../pdf-contents.ts';

// The PDF handbook read back as a reader meets it: text per page, margins, page labels,
// bookmarks and links. Nothing here looks at our own intermediate data except the Book,
// for the list of headings a reader expects to find.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

async function buildPdf(root: string) {
  const result = await build({ root });
  expect(result.diagnostics.counts().errors).toBe(0);
  expect(result.ok).toBe(true);
  expect(result.pdfPath && existsSync(result.pdfPath)).toBe(true);
  return { result, book: result.book!, pdf: await readPdf(result.pdfPath!) };
}

describe('the PDF handbook of the bundled sample', () => {
  let pdf: ReadPdf;
  let book: Book;
  let pdfPath: string;
  let root: string;

  beforeAll(async () => {
    const project = await copyProject(REPO);
    cleanups.push(project.done);
    root = project.dir;
    const built = await buildPdf(root);
    ({ pdf, book } = built);
    pdfPath = built.result.pdfPath!;
  });

  it('is written beside the HTML edition, which links to it', async () => {
    expect(path.basename(pdfPath)).toBe('nato-peace-operations.pdf');
    const index = await readFile(path.join(root, 'dist', 'index.html'), 'utf8');
    expect(index).toContain('href="nato-peace-operations.pdf"');
    // The print edition beside it resolves every link inside itself too.
    expect(existsSync(path.join(root, 'dist', 'print.html'))).toBe(true);
    expect(await brokenLinks(path.join(root, 'dist'))).toEqual([]);
  });

  it('marks the running header, the marking lines and the page number as pagination artifacts: no text outside the structure', async () => {
    const pages = await markedContent(pdfPath);
    expect(pages).toHaveLength(pdf.pages.length);
    expect(pages.map((p) => p.untaggedText)).toEqual(pages.map(() => 0));
    for (const [i, page] of pages.entries()) {
      expect(page.artifacts['Artifact'], `page ${i + 1}`).toBeGreaterThan(0);
      expect(page.tagged, `page ${i + 1}`).toBeGreaterThan(0);
    }
    // Their type, read from the page's own bytes: what margin boxes print is pagination.
    const bodyPage = execFileSync('pdftotext', ['-f', '5', '-l', '5', pdfPath, '-'], {
      encoding: 'utf8',
    });
    expect(bodyPage).toContain('Page 1 of');
    expect(await paginationArtifacts(pdfPath)).toBeGreaterThanOrEqual(pdf.pages.length * 2);
  });

  it('meets every check of PDF/UA-1 and PDF/A-2, and claims both', async () => {
    expect(failures(await accessibilityReport(pdfPath))).toEqual({});
    const xmp = execFileSync('pdfinfo', ['-meta', pdfPath], { encoding: 'utf8' });
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
  });

  it('opens with a cover, document control and contents, numbered i, ii, iii…', () => {
    const front = frontCount(pdf);
    expect(front).toBeGreaterThanOrEqual(3);
    expect(pdf.pages.slice(0, front).map((p) => p.label)).toEqual(
      ['i', 'ii', 'iii', 'iv', 'v', 'vi'].slice(0, front),
    );
    const cover = pdf.pages[0]!.text;
    for (const text of [
      'NATO Peace Operations',
      'A briefing handbook',
      'HANDBOOK PRESS · SAMPLE BRIEFING SERIES',
      'First edition',
      '1.3',
      '1 December 2026',
      'not an official NATO',
    ]) {
      expect(cover).toContain(text);
    }
    const control = pdf.pages[1]!.text;
    for (const text of [
      'Document control',
      'REVISION HISTORY',
      'Glossary added',
      'DISTRIBUTION',
      'Course participants',
      'HANDLING INSTRUCTIONS',
    ]) {
      expect(control).toContain(text);
    }
    expect(pdf.pages[1]!.bottom).toMatch(/ii$/);
    expect(pdf.pages.slice(0, front).some((p) => p.lines[1]?.text === 'Contents')).toBe(true);
  });

  it('has a table of contents whose every number is the page its heading is on', () => {
    expect(expectedEntries(book).length).toBeGreaterThan(40);
    expect(checkContents(pdf, book)).toEqual([]);
  });

  it('prints the running header, the marking top and bottom, and "Page N of M" on every body page', () => {
    const front = frontCount(pdf);
    const bodyPages = pdf.pages.length - front;
    let chapter = -1;
    for (const page of pdf.pages.slice(front)) {
      if (
        book.chapters[chapter + 1] &&
        pageWithLine(pdf, book.chapters[chapter + 1]!.title, page.index) === page.index
      )
        chapter++;
      const current = book.chapters[chapter]!;
      expect(page.top, `page ${page.label}`).toBe(
        `${chapter + 1} · ${current.title} ${current.classification}`,
      );
      expect(page.bottom, `page ${page.label}`).toBe(
        `NATO Peace Operations · Version 1.3 ${current.classification} Page ${page.label} of ${bodyPages}`,
      );
    }
    expect(chapter).toBe(book.chapters.length - 1);
  });

  it('marks the cover and front matter with the highest marking of any chapter', () => {
    for (const page of pdf.pages.slice(0, frontCount(pdf))) {
      expect(page.top).toContain('UNCLASSIFIED // FOR TRAINING USE');
      expect(page.bottom).toContain('UNCLASSIFIED // FOR TRAINING USE');
    }
    const roe = pageWithLine(pdf, 'Rules of engagement and mandates', frontCount(pdf));
    expect(pdf.pages[roe]!.top).toContain('UNCLASSIFIED // FOR TRAINING USE');
  });

  it('has a bookmark for every chapter and section, each opening the right page', () => {
    const titles = pdf.outline.map((o) => o.title);
    expect(titles.slice(0, 3)).toEqual(['Cover', 'Document control', 'Contents']);
    expect(titles).toContain('The missions');
    const front = frontCount(pdf);
    let chapterStart = front;
    for (const entry of expectedEntries(book)) {
      const title = entry.depth === 1 ? `${entry.chapter + 1}. ${entry.title}` : entry.title;
      const bookmark = pdf.outline.find((o) => o.title === title && o.page >= chapterStart);
      expect(bookmark, title).toBeDefined();
      const actual = pageWithLine(pdf, entry.title, chapterStart);
      if (entry.depth === 1) chapterStart = actual;
      expect(bookmark!.page, title).toBe(actual);
    }
  });

  it('links every contents entry and cross-reference to the page it names', () => {
    const front = frontCount(pdf);
    const tocLinks = pdf.pages.slice(0, front).flatMap((p) => p.links);
    // One link per entry (an entry wrapping onto two lines has two link areas).
    expect(new Set(tocLinks).size).toBe(expectedEntries(book).length + 1);
    let checked = 0;
    for (const page of pdf.pages.slice(front)) {
      for (const dest of page.links) {
        if (dest.includes('user-content-fn')) continue;
        const label = pdf.pages[pdf.destinations[dest]!]!.label;
        expect(page.text.replace(/\n/g, ' '), `link to ${dest} on page ${page.label}`).toContain(
          `(p. ${label})`,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(
      pdf.pages[pageWithLine(pdf, 'About this handbook', front)]!.text.replace(/\n/g, ' '),
    ).toMatch(/glossary \(p\. \d+\) lists them all/);
  });

  it('carries metadata, page labels, tags and embedded fonts', () => {
    expect(pdf.info.Title).toBe('NATO Peace Operations: A briefing handbook');
    expect(pdf.info.Author).toBe('Editorial team');
    expect(pdf.info.Subject).toMatch(/^NATO crisis-management/);
    expect(pdf.info.Keywords).toBe(
      'NATO, peace operations, KFOR, ISAF, IFOR, SFOR, crisis management',
    );
    expect(pdf.info.Language).toBe('en-GB');
    expect(pdf.info.CreationDate).toMatch(/^D:20261201000000/);
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    // The same metadata as XMP, which archives and accessibility checkers read first.
    const xmp = execFileSync('pdfinfo', ['-meta', pdfPath], { encoding: 'utf8' });
    expect(xmp).toContain(
      '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">NATO Peace Operations: A briefing handbook</rdf:li></rdf:Alt></dc:title>',
    );
    expect(xmp).toContain(
      '<dc:creator><rdf:Seq><rdf:li>Editorial team</rdf:li></rdf:Seq></dc:creator>',
    );
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain('<rdf:li>peace operations</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2026-12-01T00:00:00Z</xmp:CreateDate>');
    expect(info).toMatch(/Page size:\s+594\.96 x 841\.92 pts \(A4\)/);
    const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean);
    expect(fonts.length).toBeGreaterThan(3);
    for (const font of fonts) expect(font, font).toMatch(/\s+yes\s+yes\s+yes\s+/);
    // Only the fonts that come from npm: nothing from the machine the build ran on.
    for (const font of fonts)
      expect(font, font).toMatch(/^[A-Z]{6}\+(SourceSerif4|SourceSans3|JetBrainsMono)/);
    expect(fonts.join('\n')).toMatch(/SourceSerif4/);
    expect(fonts.join('\n')).toMatch(/SourceSans3/);
  });

  it('never leaves a heading alone at the bottom of a page', () => {
    const front = frontCount(pdf);
    const headings = new Set(book.chapters.flatMap((c) => c.headings.map((h) => h.text)));
    for (const page of pdf.pages.slice(front)) {
      const body = page.lines.filter((l) => l.y >= 60 && l.y <= page.height - 60);
      const last = body[body.length - 1]?.text;
      expect(headings.has(last ?? ''), `page ${page.label} ends with heading "${last}"`).toBe(
        false,
      );
    }
  });

  it('is byte-identical when built again from the same sources', async () => {
    const first = await readFile(pdfPath);
    const again = await build({ root });
    expect(again.ok).toBe(true);
    expect(Buffer.compare(first, await readFile(again.pdfPath!))).toBe(0);
  });
});

describe('a generated 300-page handbook', () => {
  it('builds with a correct table of contents', async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    // Past 99 body pages: three-digit numbers in every slot.
    await generateBook(temp.dir, 55, 7);
    const { pdf, book } = await buildPdf(temp.dir);
    expect(pdf.pages.length - frontCount(pdf)).toBeGreaterThan(100);
    expect(checkContents(pdf, book)).toEqual([]);
    const bodyPages = pdf.pages.length - frontCount(pdf);
    expect(pdf.pages[pdf.pages.length - 1]!.bottom).toContain(`Page ${bodyPages} of ${bodyPages}`);
  });
});

describe('print hygiene and page setup', () => {
  it('keeps short tables whole, repeats the headers of long ones, wraps long code lines, honours Letter paper and the footer setting', async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    const { mkdir, writeFile, copyFile } = await import('node:fs/promises');
    await mkdir(path.join(temp.dir, 'chapters'), { recursive: true });
    await writeFile(
      path.join(temp.dir, 'handbook.yml'),
      "title: Hygiene\ndate: '2026-01-01'\npdf:\n  pageSize: Letter\n  footer: 'p. {page}/{pages}'\n",
    );
    const rows = Array.from(
      { length: 150 },
      (_, i) => `| Unit ${i + 1} | Sector ${i % 7} | Ready |`,
    ).join('\n');
    const longLine = `echo ${'x'.repeat(400)} END-OF-LINE`;
    await copyFile(
      path.join(REPO, 'chapters/03-conduct/images/command-chain.svg'),
      path.join(temp.dir, 'chapters', 'chain.svg'),
    );
    await writeFile(
      path.join(temp.dir, 'chapters', '01-tables.md'),
      `# Long table\n\n| Unit name | Sector | State |\n|---|---|---|\n${rows}\n\n\`\`\`sh\n${longLine}\n\`\`\`\n\n![Chain](chain.svg "A figure")\n`,
    );
    // Twelve short tables between paragraphs of varying length: left alone, page breaks
    // would fall inside some of them.
    const sentence = 'Liaison officers keep the mission and its partners informed of each change. ';
    const shortTables = Array.from({ length: 12 }, (_, k) => {
      const text = sentence.repeat(3 + ((k * 7) % 9));
      const body = Array.from({ length: 8 }, (_, r) => `| Row ${k}.${r} | ready |`).join('\n');
      return `${text}\n\n| Item ${k} | State |\n|---|---|\n${body}\n`;
    }).join('\n');
    await writeFile(
      path.join(temp.dir, 'chapters', '02-short.md'),
      `# Short tables\n\n${shortTables}`,
    );
    const { pdf, result } = await buildPdf(temp.dir);
    const info = execFileSync('pdfinfo', [result.pdfPath!], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const tablePages = pdf.pages.filter((p) =>
      p.lines.some((l) => /^Unit \d+ Sector/.test(l.text)),
    );
    expect(tablePages.length).toBeGreaterThanOrEqual(3);
    for (const page of tablePages)
      expect(
        page.lines.some((l) => l.text === 'Unit name Sector State'),
        `page ${page.label}`,
      ).toBe(true);
    for (let k = 0; k < 12; k++) {
      const pages = pdf.pages.filter((p) => p.lines.some((l) => l.text.startsWith(`Row ${k}.`)));
      expect(
        pages.map((p) => p.label),
        `short table ${k}`,
      ).toHaveLength(1);
    }
    const all = pdf.pages.map((p) => p.text).join('\n');
    expect(all).toContain('END-OF-LINE');
    // 400 characters cannot fit one line: wrapped, they fill several lines of their own.
    const wrapped = pdf.pages.flatMap((p) => p.lines).filter((l) => /^x{20,}/.test(l.text));
    expect(wrapped.length).toBeGreaterThanOrEqual(3);
    expect(pdf.pages[pdf.pages.length - 1]!.bottom).toContain(
      `p. ${pdf.pages.length - frontCount(pdf)}/${pdf.pages.length - frontCount(pdf)}`,
    );
  });
});

describe('fonts', () => {
  it("draws a character the theme's own font lacks with another font of theme.json, never a system font", async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(temp.dir, 'chapters'), { recursive: true });
    await mkdir(path.join(temp.dir, 'templates', 'default'), { recursive: true });
    await writeFile(path.join(temp.dir, 'handbook.yml'), "title: Fonts\ndate: '2026-01-01'\n");
    // The body font without its Cyrillic subsets; the sans-serif font with them.
    await writeFile(
      path.join(temp.dir, 'templates', 'default', 'theme.json'),
      JSON.stringify({
        fonts: [
          '@fontsource/source-serif-4/latin-400.css',
          '@fontsource/source-serif-4/latin-700.css',
          '@fontsource/source-sans-3/400.css',
          '@fontsource/source-sans-3/700.css',
        ],
      }),
    );
    await writeFile(
      path.join(temp.dir, 'chapters', '01-ru.md'),
      '# Languages\n\nТекст на русском языке в основном шрифте.\n',
    );
    const result = await build({ root: temp.dir });
    expect(result.ok).toBe(true);
    expect(result.diagnostics.counts().warnings).toBe(0);
    const fonts = execFileSync('pdffonts', [result.pdfPath!], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean);
    for (const font of fonts) expect(font, font).toMatch(/^[A-Z]{6}\+(SourceSerif4|SourceSans3)/);
    const text = execFileSync('pdftotext', [result.pdfPath!, '-'], { encoding: 'utf8' });
    expect(text).toContain('Текст на русском языке в основном шрифте.');
  });
});

describe('running headers and footers', () => {
  // Margin boxes take their font from `html`: the theme's sans-serif UI font. Chromium
  // fetches a font only when laid-out text asks for it and does not wait for one while
  // printing, so a piece whose own text never used that font printed its margins in the
  // body's serif (every page after the first piece of a large handbook).
  it("are printed in the theme's UI font on every page, in whichever piece it was printed", async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(temp.dir, 'chapters'), { recursive: true });
    await writeFile(path.join(temp.dir, 'handbook.yml'), "title: Margins\ndate: '2026-01-01'\n");
    const paragraph = 'Plain words of the body, set in the serif face and nothing else. '.repeat(
      12,
    );
    for (const n of [1, 2, 3, 4])
      await writeFile(
        path.join(temp.dir, 'chapters', `0${n}-part.md`),
        `# Part ${n}\n\n${`${paragraph}\n\n`.repeat(14)}`,
      );
    const result = await build({ root: temp.dir, printPieces: 2 });
    expect(result.ok).toBe(true);
    expect(result.printPieces).toBe(2);
    const pdf = await readPdf(result.pdfPath!);
    // Pages of running text: a chapter's header above, no chapter opening on them.
    const bodyPages = pdf.pages.filter((p) => / · Part \d$/.test(p.top) && !/CHAPTER/.test(p.text));
    expect(bodyPages.length).toBe(8);
    for (const page of bodyPages) {
      const fonts = execFileSync(
        'pdffonts',
        ['-f', `${page.index + 1}`, '-l', `${page.index + 1}`, result.pdfPath!],
        { encoding: 'utf8' },
      );
      // The body is serif only: the sans-serif regular face on the page is the margins'.
      expect(fonts, `page ${page.label}`).toMatch(/\+SourceSans3\w*-Regular /);
    }
  });
});
