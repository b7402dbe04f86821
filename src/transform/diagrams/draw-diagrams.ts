import { createHash } from 'node:crypto';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { SignedStore } from '../../cache/signed-store.ts';
import { cleanSvg } from '../../guard/svg.ts';
import type { Book, Chapter } from '../../model/book.ts';
import type { Diagnostics } from '../../report/diagnostics.ts';
import { addWarning } from '../../report/messages.ts';
import { tracer } from '../../report/trace.ts';
import { DIAGRAM } from '../plugins/rehype-diagram-fences.ts';
import { diagramLook, type DiagramLook } from './diagram-look.ts';
import { DrawTimeout, type Drawing } from '../../print/mermaid-page.ts';
import { DrawingSession } from './drawing-session.ts';
import { scopedCss } from './scoped-css.ts';

/** A drawing as kept: the cleaned SVG without its styles, which go to a stylesheet. */
type Kept = { svg: string; css: string } | { error: string; line?: number };

export interface DrawOptions {
  store?: SignedStore;
  executablePath?: string;
  /** Milliseconds one batch of diagrams may take. */
  timeout: number;
  /** The page of the whole build (every edition draws in it); else one for this call. */
  session?: DrawingSession;
}

/** Drawings already made in this process (`handbook dev` redraws only what changed). */
const drawn = new Map<string, Kept>();
const BATCH = 25;

interface Waiting {
  chapter: Chapter;
  figure: Element;
  key: string;
  text: string;
}

/**
 * After the transform: every Mermaid figure of the book drawn, in one page of one browser
 * (started only when a diagram is not in the cache), and put in place of its code block.
 * The diagrams' styles become the book's `contentCss`. A diagram Mermaid cannot read
 * keeps its code block, with a warning at its line.
 */
export async function drawDiagrams(
  book: Book,
  diagnostics: Diagnostics,
  options: DrawOptions,
): Promise<void> {
  const trace = tracer('diagrams');
  const waiting = findDiagrams(book);
  if (waiting.length === 0) return;
  const look = await diagramLook(book);
  for (const item of waiting) item.key = keyOf(look, item.text);
  const missing = new Map<string, string>();
  for (const { key, text } of waiting) {
    options.store?.touch('diagram', key);
    if (drawn.has(key) || missing.has(key)) continue;
    const kept = await options.store?.get<Kept>('diagram', key);
    if (kept && ('svg' in kept || 'error' in kept)) drawn.set(key, kept);
    else missing.set(key, text);
  }
  trace(`${waiting.length} found, ${missing.size} to draw`);
  if (missing.size > 0) {
    const made = await drawMissing(missing, look, options);
    for (const [key, kept] of made) {
      drawn.set(key, kept);
      await options.store?.put('diagram', key, kept);
    }
    trace(`drew ${missing.size}`);
  }
  const styles = new Map<string, string>();
  for (const item of waiting) {
    const kept = drawn.get(item.key)!;
    place(item, kept, diagnostics);
    if ('css' in kept) styles.set(item.key, kept.css);
  }
  book.contentCss = [...(book.contentCss ?? []), ...styles.values()];
}

/**
 * The figures waiting for a drawing. A chapter that has any gets a tree of its own first:
 * the transform's tree may be shared with its cache (`handbook dev`), which must keep
 * the code blocks.
 */
function findDiagrams(book: Book): Waiting[] {
  const found: Waiting[] = [];
  for (const chapter of book.chapters) {
    if (!chapter.hast || figuresIn(chapter.hast).length === 0) continue;
    chapter.hast = structuredClone(chapter.hast);
    for (const figure of figuresIn(chapter.hast)) {
      const code = figure.children[codeBlockAt(figure)];
      if (code) found.push({ chapter, figure, key: '', text: toString(code as Element) });
    }
  }
  return found;
}

/** Where the figure's code block is: a `<pre>`, or shiki's root around one. */
function codeBlockAt(figure: Element): number {
  return figure.children.findIndex(
    (c) =>
      (c.type === 'element' && c.tagName === 'pre') ||
      ((c as { type: string }).type === 'root' &&
        (c as unknown as Element).children.some(
          (g) => g.type === 'element' && g.tagName === 'pre',
        )),
  );
}

function figuresIn(tree: NonNullable<Chapter['hast']>): Element[] {
  const figures: Element[] = [];
  visit(tree, 'element', (figure: Element) => {
    if (figure.tagName !== 'figure' || figure.properties[DIAGRAM.kind] !== 'mermaid') return;
    figures.push(figure);
    return 'skip';
  });
  return figures;
}

/** The same text in the same look is the same drawing. */
function keyOf(look: DiagramLook, text: string): string {
  return createHash('sha256').update(look.key).update('\0').update(text).digest('hex').slice(0, 40);
}

/** The id of a drawing's `<svg>`: its styles are scoped to it. */
const svgId = (key: string) => `diagram-${key.slice(0, 16)}`;

async function drawMissing(
  missing: Map<string, string>,
  look: DiagramLook,
  options: DrawOptions,
): Promise<Map<string, Kept>> {
  const made = new Map<string, Kept>();
  const session = options.session ?? new DrawingSession(options.executablePath);
  type Item = { key: string; id: string; text: string };
  const all: Item[] = [...missing].map(([key, text]) => ({ key, id: svgId(key), text }));
  // Cleaning a drawing (DOMPurify in jsdom) takes about as long as Mermaid takes to draw
  // it: each batch is cleaned here while Chromium draws the next one.
  const clean = async (batch: Item[], drawings: Drawing[]) => {
    for (const [i, item] of batch.entries()) {
      made.set(item.key, keep(drawings[i]!, item.id));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  try {
    let cleaning = Promise.resolve();
    for (let start = 0; start < all.length; start += BATCH) {
      const batch = all.slice(start, start + BATCH);
      const drawing = drawBatch(batch, look, session, options.timeout);
      drawing.catch(() => undefined);
      await cleaning;
      const drawings = await drawing;
      cleaning = clean(batch, drawings);
    }
    await cleaning;
  } catch (error) {
    await session.close();
    throw error;
  } finally {
    if (!options.session) await session.close();
  }
  return made;
}

/** One batch drawn; if it does not finish in time, each one alone, to stop only that one. */
async function drawBatch(
  batch: { id: string; text: string }[],
  look: DiagramLook,
  session: DrawingSession,
  timeout: number,
): Promise<Drawing[]> {
  try {
    return await (await session.pageFor(look)).draw(batch, timeout);
  } catch (error) {
    if (!(error instanceof DrawTimeout)) throw error;
  }
  // On a page not busy with it: a page left busy by a drawing stopped is closed.
  await session.close();
  const drawings: Drawing[] = [];
  for (const one of batch) {
    const page = await session.pageFor(look);
    drawings.push(
      await page.draw([one], timeout).then(
        (d) => d[0]!,
        async (e: unknown) => {
          if (!(e instanceof DrawTimeout)) throw e;
          await session.close();
          return { error: `${e.message}; stopped` };
        },
      ),
    );
  }
  return drawings;
}

/** Mermaid's SVG cleaned as any SVG a handbook publishes, its styles held apart. */
function keep(drawing: Drawing, id: string): Kept {
  if ('error' in drawing) return drawing;
  const { svg } = cleanSvg(drawing.svg);
  let css = '';
  const bare = svg.replace(/<style[^>]*>([\s\S]*?)<\/style>/g, (_, rules: string) => {
    css += `${scopedCss(rules, id)}\n`;
    return '';
  });
  return { svg: bare, css };
}

function place(item: Waiting, kept: Kept, diagnostics: Diagnostics): void {
  const { figure, chapter } = item;
  const line = Number(figure.properties[DIAGRAM.line] ?? 0);
  const column = Number(figure.properties[DIAGRAM.column] ?? 1);
  const alt = figure.properties[DIAGRAM.alt];
  delete figure.properties[DIAGRAM.line];
  delete figure.properties[DIAGRAM.column];
  delete figure.properties[DIAGRAM.alt];
  if ('error' in kept) {
    const file = diagnostics.file(chapter.path);
    const inside = kept.line === undefined ? '' : ` (line ${kept.line} of the diagram)`;
    const reason = mermaidReason(kept.error);
    addWarning(
      file,
      `Mermaid could not draw this diagram${inside}: ${reason}; it prints as code`,
      line > 0
        ? kept.line === undefined
          ? { line, column }
          : { line: line + kept.line, column: 1 }
        : undefined,
      'diagram',
    );
    return;
  }
  const svg = fromHtml(kept.svg, { fragment: true }).children.find(
    (c): c is Element => c.type === 'element' && c.tagName === 'svg',
  );
  if (!svg) return;
  // With its text alternative the drawing is one image to assistive technology (its
  // labels stay selectable text); `aria-label` alone is not meant for an <svg>.
  if (typeof alt === 'string') Object.assign(svg.properties, { role: 'img', ariaLabel: alt });
  figure.children.splice(codeBlockAt(figure), 1, svg);
}

/** Mermaid's message in one line: what it expected, not the picture of where. */
function mermaidReason(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const said =
    lines.find((l) => /^Expecting|^Lexical error|^Unrecognized/i.test(l)) ?? lines[0] ?? '';
  const reason = said.replace(/^Parse error on line \d+:\s*/, '').replace(/:$/, '');
  return reason.length > 200 ? `${reason.slice(0, 199)}…` : reason;
}
