import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBook } from '../../scripts/generate-book.ts';
import { build, type BuildResult } from '../../src/build.ts';
import { tempDir } from '../helpers.ts';
import { contentsProblems, readPdf, readStructure, type ReadPdf } from '../pdf-reader.ts';
import { markedContent } from '../pdf-marked-content.ts';
import { accessibilityReport, failures } from '../pdf-accessibility.ts';

// A large handbook is printed in pieces, one per core, side by side, and the pieces merged.
// A reader must not be able to tell: the same pages, text, numbers, links, bookmarks and
// tagged structure as the same handbook printed whole.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

interface Built {
  result: BuildResult;
  pdf: ReadPdf;
  structure: string[];
}

async function buildIn(root: string, out: string, printPieces: number): Promise<Built> {
  const result = await build({ root, outDir: path.join(root, out), printPieces });
  expect(result.ok).toBe(true);
  return {
    result,
    pdf: await readPdf(result.pdfPath!),
    structure: await readStructure(result.pdfPath!),
  };
}

/** Headings, lists, links, tables, code and figures of a page's structure, in order. */
function navigable(structure: string): string {
  return (structure.match(/\b(H[1-6]|L|LI|Lbl|Link|Table|TR|TH|TD|Code|Figure)\(/g) ?? []).join(
    ' ',
  );
}

describe('a handbook printed in pieces', () => {
  let whole: Built;
  let pieces: Built;

  beforeAll(async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    await generateBook(temp.dir, 24, 5);
    // Cross-references from the last chapter to the first and back, across every piece.
    await writeFile(
      path.join(temp.dir, 'chapters', '03-part-3', '04-chapter-24.md'),
      '---\ntitle: Last words\n---\n\nBack to [the first](../01-part-1/01-chapter-1.md#overview).\n',
    );
    [whole, pieces] = [await buildIn(temp.dir, 'whole', 1), await buildIn(temp.dir, 'pieces', 3)];
  });

  it('is printed in the pieces asked for, each once', () => {
    expect(whole.result.printPieces).toBe(1);
    expect(pieces.result.printPieces).toBe(3);
    expect(pieces.result.prints).toBe(1);
  });

  it('has the same pages, text, page numbers and running heads as printed whole', () => {
    expect(pieces.pdf.pages.length).toBe(whole.pdf.pages.length);
    expect(pieces.pdf.pages.length).toBeGreaterThan(50);
    for (const [i, page] of pieces.pdf.pages.entries()) {
      const other = whole.pdf.pages[i]!;
      expect(page.label, `page ${i + 1}`).toBe(other.label);
      expect(page.text, `page ${i + 1}`).toBe(other.text);
    }
    const last = pieces.pdf.pages[pieces.pdf.pages.length - 1]!;
    const body = pieces.pdf.pages.filter((p) => /^\d+$/.test(p.label)).length;
    expect(last.bottom).toContain(`Page ${body} of ${body}`);
  });

  it('links every contents entry and cross-reference, across pieces, to the right page', () => {
    expect(contentsProblems(pieces.pdf)).toEqual([]);
    for (const [i, page] of pieces.pdf.pages.entries())
      expect(page.links, `page ${i + 1}`).toEqual(whole.pdf.pages[i]!.links);
    expect(pieces.pdf.destinations).toEqual(whole.pdf.destinations);
    const links = pieces.pdf.pages.flatMap((p) => p.links);
    expect(links.length).toBeGreaterThan(100);
    for (const dest of links)
      expect(pieces.pdf.destinations[decodeURIComponent(dest)]).toBeDefined();
    // The last chapter's link back to the first chapter crosses every piece.
    const lastWords = pieces.pdf.pages.find((p) => p.text.includes('Back to the first'))!;
    const back = lastWords.links.find((d) => d.endsWith('--overview'));
    expect(back).toBeDefined();
    expect(lastWords.text).toMatch(/Back to the first \(p\. 1\)/);
  });

  it('has the same bookmarks and the same tagged structure on every page', () => {
    expect(pieces.pdf.outline).toEqual(whole.pdf.outline);
    // What assistive technology navigates by, page by page. (Where a chapter begins a piece,
    // Chromium orders an empty marked-content item of its opener differently: not compared.)
    expect(pieces.structure.map(navigable)).toEqual(whole.structure.map(navigable));
    expect(pieces.structure.filter((s) => s.includes('H1(')).length).toBeGreaterThan(20);
    expect(pieces.structure.join('')).toMatch(/Link\(/);
  });

  it('keeps every page’s margins out of the structure once merged: no text outside it', async () => {
    const pages = await markedContent(pieces.result.pdfPath!);
    expect(pages.map((p) => p.untaggedText)).toEqual(pages.map(() => 0));
    expect(pages.every((p) => (p.artifacts['Artifact'] ?? 0) > 0 && p.tagged > 0)).toBe(true);
  });

  it('meets every check of PDF/UA-1 and PDF/A-2, printed whole or in pieces, and claims both', async () => {
    for (const built of [whole, pieces]) {
      expect(failures(await accessibilityReport(built.result.pdfPath!))).toEqual({});
      expect(built.result.pdfConformance?.claims).toEqual({
        ua: 1,
        archive: { part: 2, conformance: 'A' },
      });
    }
    expect(whole.pdf.pages.length).toBeGreaterThan(50);
  });
});
