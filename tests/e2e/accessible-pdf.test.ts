import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
  StandardFonts,
  type PDFObject,
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { REPO, runCli, tempDir } from '../helpers.ts';
import { accessibilityReport, CHECKS, failures, type Check } from '../pdf-accessibility.ts';
import { readPdf } from '../pdf-reader.ts';

// A small handbook with what makes a PDF hard to make accessible: figures with and
// without captions, a decorative image, a table, links in and out, a footnote. Its PDF is
// read back by our checker of PDF/UA-1 and PDF/A-2 (tests/pdf-accessibility.ts), then
// broken on purpose, one condition at a time, to show the checker sees each.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

const MAP = path.join(
  REPO,
  'tests',
  'fixtures',
  'transform',
  'accessibility',
  'chapters',
  'map.svg',
);

async function project(chapter: string, config = 'title: Access handbook\nlanguage: en-GB\n') {
  const temp = await tempDir();
  cleanups.push(temp.done);
  await mkdir(path.join(temp.dir, 'chapters'));
  await writeFile(path.join(temp.dir, 'handbook.yml'), config);
  await copyFile(MAP, path.join(temp.dir, 'chapters', 'map.svg'));
  await writeFile(path.join(temp.dir, 'chapters', '01-area.md'), chapter);
  await writeFile(
    path.join(temp.dir, 'chapters', '02-forces.md'),
    '---\ntitle: Forces\n---\n\n## Contributors\n\nSee [the mission area](01-area.md#the-map).\n',
  );
  return temp.dir;
}

const CHAPTER = `---
title: The mission area
---

## The map

![The mission area, with the three sectors](map.svg "Sectors of the mission area")

<img src="map.svg" alt="" width="40"> A decorative image, then one in the text: ![Sector north](map.svg)

| Sector | Lead nation |
|---|---|
| North | France |
| South | Italy |

Read [the mandate](https://www.un.org/securitycouncil/) and [the forces](02-forces.md).[^1]

[^1]: Resolution 1244 (1999).
`;

describe('an accessible, archivable PDF', () => {
  let pdfPath: string;
  let good: Uint8Array;

  beforeAll(async () => {
    const root = await project(CHAPTER);
    const result = await build({ root });
    expect(result.ok).toBe(true);
    pdfPath = result.pdfPath!;
    expect(result.pdfConformance).toEqual({
      claims: { ua: 1, archive: { part: 2, conformance: 'A' } },
      withheld: [],
    });
    good = new Uint8Array(await readFile(pdfPath));
  });

  it('meets every check of PDF/UA-1 and PDF/A-2 it claims, and claims both', async () => {
    expect(failures(await accessibilityReport(pdfPath))).toEqual({});
    const xmp = execFileSync('pdfinfo', ['-meta', pdfPath], { encoding: 'utf8' });
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
  });

  it('gives every figure its alternative text, and makes the decorative image no figure', async () => {
    const pdf = await PDFDocument.load(good);
    const figures = structElements(pdf).filter((e) => e.role === 'Figure');
    // The captioned figure, the image in the text; not the decorative one.
    expect(figures.map((f) => f.dict.lookup(PDFName.of('Alt'))?.toString())).toEqual([
      '(The mission area, with the three sectors)',
      '(Sector north)',
    ]);
    // A figure with its caption is a group holding the image and the caption.
    const group = figures[0]!.parent!;
    expect(group.role).toBe('Div');
    expect(group.children.map((c) => c.role)).toEqual(['Figure', 'Caption']);
  });

  it('says where each link goes: the heading and page inside, the address outside', async () => {
    const pdf = await PDFDocument.load(good);
    const read = await readPdf(pdfPath);
    const said = linkAnnotations(pdf).map((a) => {
      const contents = a.lookup(PDFName.of('Contents'));
      return contents && 'decodeText' in contents ? (contents.decodeText as () => string)() : '';
    });
    expect(said).toContain('https://www.un.org/securitycouncil/');
    const labelOf = (id: RegExp) => {
      const key = Object.keys(read.destinations).find((k) => id.test(k));
      expect(key, String(id)).toBeDefined();
      return read.pages[read.destinations[key!]!]!.label;
    };
    expect(said).toContain(`2. Forces (p.\u00a0${labelOf(/^forces$/)})`);
    expect(said).toContain(`The map (p.\u00a0${labelOf(/--the-map$/)})`);
    expect(said.every((s) => s.length > 0)).toBe(true);
  });

  describe('the checker, given the same file broken one condition at a time', () => {
    const breakers: Record<Check, (pdf: PDFDocument) => void> = {
      tagged: (pdf) => pdf.catalog.delete(PDFName.of('MarkInfo')),
      language: (pdf) => pdf.catalog.delete(PDFName.of('Lang')),
      title: (pdf) => pdf.catalog.delete(PDFName.of('ViewerPreferences')),
      'ua-identification': (pdf) =>
        editMetadata(pdf, (x) => x.replace(/<pdfuaid:part>1/, '<pdfuaid:part>2')),
      'a-identification': (pdf) =>
        editMetadata(pdf, (x) => x.replace(/pdfaid:conformance/g, 'pdfaid:level')),
      'output-intent': (pdf) => pdf.catalog.delete(PDFName.of('OutputIntents')),
      'untagged-content': (pdf) => {
        // Text drawn the way a careless post-processor would: outside any marked content.
        pdf.getPage(1).drawText('Stamped', {
          x: 40,
          y: 40,
          font: pdf.embedStandardFont(StandardFonts.Helvetica),
        });
      },
      'pagination-artifacts': (pdf) =>
        editContent(pdf, (t) => t.replace(/\/Type \/Pagination/g, '/Type /Layout')),
      'link-contents': (pdf) => linkAnnotations(pdf)[0]!.delete(PDFName.of('Contents')),
      'link-structure': (pdf) => linkAnnotations(pdf)[0]!.delete(PDFName.of('StructParent')),
      'figure-alt': (pdf) =>
        structElements(pdf)
          .find((e) => e.role === 'Figure')!
          .dict.delete(PDFName.of('Alt')),
      'heading-order': (pdf) =>
        structElements(pdf)
          .find((e) => e.role === 'H2')!
          .dict.set(PDFName.of('S'), PDFName.of('H4')),
      'header-scope': (pdf) =>
        structElements(pdf)
          .find((e) => e.role === 'TH')!
          .dict.delete(PDFName.of('A')),
      // A header renamed where it stands but not in the /IDTree (as merged pieces once were).
      'structure-ids': (pdf) =>
        structElements(pdf)
          .find((e) => e.role === 'TH' && e.dict.has(PDFName.of('ID')))!
          .dict.set(PDFName.of('ID'), PDFString.of('node99999999')),
      fonts: (pdf) => {
        const font = pdf.context
          .enumerateIndirectObjects()
          .find(([, o]) => o instanceof PDFDict && o.has(PDFName.of('ToUnicode')));
        (font![1] as PDFDict).delete(PDFName.of('ToUnicode'));
      },
      'tab-order': (pdf) => pdf.getPages().forEach((page) => page.node.delete(PDFName.of('Tabs'))),
    };

    it.each(CHECKS)('catches %s', async (check) => {
      const pdf = await PDFDocument.load(good, { updateMetadata: false });
      breakers[check](pdf);
      const temp = await tempDir();
      cleanups.push(temp.done);
      const broken = path.join(temp.dir, 'broken.pdf');
      await writeFile(broken, await pdf.save());
      const report = await accessibilityReport(broken);
      expect(report[check].length, check).toBeGreaterThan(0);
    });
  });
});

describe('a PDF that cannot meet PDF/UA', () => {
  it('warns at each image, claims PDF/A-2u only and says why in the summary', async () => {
    // An HTML image without alt, and a Markdown one with empty brackets: neither is passed
    // off as decoration.
    const root = await project(
      '---\ntitle: The mission area\n---\n\n## The map\n\n<img src="map.svg">\n\nText.\n\n![](map.svg)\n',
    );
    const run = await runCli(['build', '.'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /chapters\/01-area\.md\s+7:1-7:\d+\s+warning\s+Image without an alt attribute.*missing-alt/,
    );
    expect(run.stderr).toMatch(/access-handbook\.pdf \(\d+ pages, PDF\/A-2u\)/);
    expect(run.stderr).toMatch(
      /11:1-11:\d+\s+warning\s+Image without alternative text: say what it shows.*missing-alt/,
    );
    expect(run.stderr.match(/missing-alt/g)).toHaveLength(2);
    expect(run.stderr).toMatch(
      /access-handbook\.pdf does not claim PDF\/UA-1: 2 figures without alternative text/,
    );
    const file = path.join(root, 'dist', 'access-handbook.pdf');
    const xmp = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    expect(xmp).not.toContain('pdfuaid');
    expect(xmp).toContain('<pdfaid:conformance>U</pdfaid:conformance>');
    const report = await accessibilityReport(file);
    expect(report['figure-alt']).toHaveLength(2);
    expect(report['output-intent']).toEqual([]);
    // In --strict, the warning fails the build and the previous PDF stays.
    const strict = await runCli(['build', '.', '--strict'], root);
    expect(strict.code).toBe(1);
  });

  it('claims nothing with pdf.standard: none, for a file that is post-processed', async () => {
    const root = await project(CHAPTER, 'title: Access handbook\npdf: { standard: none }\n');
    const result = await build({ root, pdf: true });
    expect(result.pdfConformance).toEqual({ claims: {}, withheld: [] });
    const report = await accessibilityReport(result.pdfPath!);
    expect(report['ua-identification'].length).toBeGreaterThan(0);
    expect(report['a-identification'].length).toBeGreaterThan(0);
    expect(report['output-intent'].length).toBeGreaterThan(0);
    // What makes it accessible stays: only the claims are gone.
    expect(report['link-contents']).toEqual([]);
    expect(report['untagged-content']).toEqual([]);
  });
});

interface Element {
  dict: PDFDict;
  role: string;
  parent?: Element;
  children: Element[];
}

/** The structure elements in logical order, read here with pdf-lib alone. */
function structElements(pdf: PDFDocument): Element[] {
  const out: Element[] = [];
  const walk = (node: PDFObject | undefined, parent?: Element): Element[] => {
    const value = node instanceof PDFRef ? pdf.context.lookup(node) : node;
    if (value instanceof PDFArray) return value.asArray().flatMap((k) => walk(k, parent));
    if (!(value instanceof PDFDict) || !value.has(PDFName.of('S'))) return [];
    const element: Element = {
      dict: value,
      role: String(value.get(PDFName.of('S'))).slice(1),
      children: [],
      ...(parent ? { parent } : {}),
    };
    out.push(element);
    element.children = walk(value.get(PDFName.of('K')), element);
    return [element];
  };
  const root = pdf.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  walk(root.get(PDFName.of('K')));
  return out;
}

function linkAnnotations(pdf: PDFDocument): PDFDict[] {
  return pdf
    .getPages()
    .flatMap((page) => {
      const annots = page.node.Annots();
      return annots ? annots.asArray().map((a) => pdf.context.lookup(a) as PDFDict) : [];
    })
    .filter((a) => String(a.get(PDFName.of('Subtype'))) === '/Link');
}

function editMetadata(pdf: PDFDocument, edit: (xmp: string) => string): void {
  const stream = pdf.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream;
  const text = edit(Buffer.from(stream.contents).toString('utf8'));
  const replaced = pdf.context.stream(text, { Type: 'Metadata', Subtype: 'XML' });
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(replaced));
}

function editContent(pdf: PDFDocument, edit: (content: string) => string): void {
  for (const page of pdf.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const ref of refs) {
      const stream = pdf.context.lookup(ref as PDFRef) as PDFRawStream;
      const text = edit(inflateSync(stream.contents).toString('latin1'));
      pdf.context.assign(ref as PDFRef, pdf.context.flateStream(Buffer.from(text, 'latin1')));
    }
  }
}
