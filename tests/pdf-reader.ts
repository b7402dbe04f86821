import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfLine {
  y: number;
  text: string;
}

export interface PdfPage {
  /** 0-based index. */
  index: number;
  label: string;
  height: number;
  lines: PdfLine[];
  text: string;
  /** Text in the top and bottom margins (running header, marking, footer). */
  top: string;
  bottom: string;
  /** Text centred in the top and bottom margins: where the classification marking is. */
  topCentre: string;
  bottomCentre: string;
  /** Internal links on the page: the named destination each leads to. */
  links: string[];
  /** The same links with where they sit on the page (PDF units, origin bottom-left). */
  linkBoxes: { dest: string; rect: [number, number, number, number] }[];
}

export interface OutlineEntry {
  title: string;
  depth: number;
  page: number;
}

export interface ReadPdf {
  pages: PdfPage[];
  outline: OutlineEntry[];
  info: Record<string, unknown>;
  /** Named destination → 0-based page index. */
  destinations: Record<string, number>;
}

/** Read a PDF the way a reader meets it: text by line, margins, labels, bookmarks, links. */
export async function readPdf(file: string, marginPt = 60): Promise<ReadPdf> {
  const data = new Uint8Array(await readFile(file));
  const doc = await getDocument({ data, verbosity: 0 }).promise;
  try {
    const labels = (await doc.getPageLabels()) ?? [];
    const pages: PdfPage[] = [];
    for (let i = 0; i < doc.numPages; i++) {
      const page = await doc.getPage(i + 1);
      const height = page.view[3]!;
      const width = page.view[2]!;
      const content = await page.getTextContent();
      const byLine = new Map<number, Glyphs[]>();
      const centre = { top: [] as Glyphs[], bottom: [] as Glyphs[] };
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const y = Math.round(item.transform[5]!);
        const key = [...byLine.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
        const list = byLine.get(key) ?? [];
        const glyphs = {
          x: item.transform[4]!,
          width: item.width,
          size: Math.abs(item.transform[0]!) || 10,
          str: item.str,
        };
        list.push(glyphs);
        byLine.set(key, list);
        const middle = glyphs.x + glyphs.width / 2;
        if (Math.abs(middle - width / 2) < width * 0.1) {
          if (y > height - marginPt) centre.top.push(glyphs);
          else if (y < marginPt) centre.bottom.push(glyphs);
        }
      }
      const lines = [...byLine.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([y, items]) => ({ y, text: joinLine(items) }));
      const annotations = await page.getAnnotations();
      pages.push({
        index: i,
        label: labels[i] ?? String(i + 1),
        height,
        lines,
        text: lines.map((l) => l.text).join('\n'),
        top: lines
          .filter((l) => l.y > height - marginPt)
          .map((l) => l.text)
          .join(' | '),
        bottom: lines
          .filter((l) => l.y < marginPt)
          .map((l) => l.text)
          .join(' | '),
        topCentre: joinLine(centre.top),
        bottomCentre: joinLine(centre.bottom),
        links: annotations
          .filter((a) => a.subtype === 'Link' && typeof a.dest === 'string')
          .map((a) => a.dest as string),
        linkBoxes: annotations
          .filter((a) => a.subtype === 'Link' && typeof a.dest === 'string')
          .map((a) => ({
            dest: a.dest as string,
            rect: a.rect as [number, number, number, number],
          })),
      });
    }
    const destinations: Record<string, number> = {};
    for (const [name, dest] of Object.entries(
      (await doc.getDestinations()) as Record<string, unknown[]>,
    )) {
      destinations[decodeURIComponent(name)] = await doc.getPageIndex(
        dest[0] as { num: number; gen: number },
      );
    }
    const outline: OutlineEntry[] = [];
    const walk = async (items: Awaited<ReturnType<typeof doc.getOutline>>, depth: number) => {
      for (const item of items ?? []) {
        const dest =
          typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
        const page = dest ? await doc.getPageIndex(dest[0] as { num: number; gen: number }) : -1;
        outline.push({ title: item.title, depth, page });
        await walk(item.items, depth + 1);
      }
    };
    await walk(await doc.getOutline(), 0);
    const meta = await doc.getMetadata();
    return { pages, outline, info: meta.info as Record<string, unknown>, destinations };
  } finally {
    await doc.destroy();
  }
}

interface Glyphs {
  x: number;
  width: number;
  size: number;
  str: string;
}

/** Join a line's text runs the way they look: a space only where there is a visible gap. */
function joinLine(items: Glyphs[]): string {
  let text = '';
  let end = -Infinity;
  for (const item of items.sort((a, b) => a.x - b.x)) {
    // Letter-spaced text comes out one glyph per run; a word gap is wider than the tracking.
    if (text && item.x - end > item.size * 0.2 && !text.endsWith(' ')) text += ' ';
    text += item.str;
    end = item.x + item.width;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Every entry of the PDF's contents whose printed page number is not the page its link
 * leads to, read from the PDF alone: each line of the contents pages that ends in a
 * number is matched with the link drawn over it, and that link's destination page label
 * must be the number printed.
 */
export function contentsProblems(pdf: ReadPdf, direction: 'ltr' | 'rtl' = 'ltr'): string[] {
  // The contents start at their named destination (their title may be in any script).
  const first =
    pdf.destinations.contents ??
    pdf.pages.find((p) => p.lines.some((l) => l.text === 'Contents') && p.label !== '1')?.index ??
    -1;
  const body = pdf.pages.findIndex((p) => p.label === '1');
  const problems: string[] = [];
  let entries = 0;
  for (const page of pdf.pages.slice(first, body)) {
    for (const line of page.lines) {
      // The page number ends the line; in a right-to-left contents, on the left, it is read first.
      const printed = (direction === 'ltr' ? /\s(\d+|[ivxlc]+)$/ : /^(\d+|[ivxlc]+)\s/).exec(
        line.text,
      )?.[1];
      if (!printed) continue;
      const link = page.linkBoxes.find((b) => line.y >= b.rect[1] - 1 && line.y <= b.rect[3] + 1);
      if (!link) continue;
      entries++;
      const target = pdf.destinations[decodeURIComponent(link.dest)];
      const label = target === undefined ? undefined : pdf.pages[target]?.label;
      if (label !== printed) problems.push(`${line.text}: leads to page ${label ?? 'nowhere'}`);
    }
  }
  if (entries === 0) problems.push('no contents entries found');
  return problems;
}

/**
 * Each page's tagged structure as a reader's assistive technology meets it (pdf.js reads it
 * through the page's /StructParents and the document's parent tree): the roles, nested.
 */
export async function readStructure(file: string): Promise<string[]> {
  const data = new Uint8Array(await readFile(file));
  const doc = await getDocument({ data, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 0; i < doc.numPages; i++) {
      const tree = (await (await doc.getPage(i + 1)).getStructTree()) as StructNode | null;
      pages.push(tree ? roles(tree) : '');
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

interface StructNode {
  role?: string;
  type?: string;
  children?: StructNode[];
}

function roles(node: StructNode): string {
  if (node.type === 'content') return '·';
  const inner = (node.children ?? []).map(roles).join('');
  return `${node.role ?? '?'}(${inner})`;
}
