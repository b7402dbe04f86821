import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRef,
  ParseSpeeds,
  type PDFFont,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { appendUpdate, previousSize } from './incremental-update.ts';

/** One controlled copy: its number in the whole distribution, and whom it goes to. */
export interface CopyStamp {
  number: number;
  total: number;
  recipient: string;
}

export interface CopyLayout {
  /** "Copy {number} of {total}", in the edition's language. */
  words: string;
  /** The page that gets the recipient too: document control (0-based). */
  controlPage: number;
  /** The top margin in points: the mark sits on the marking's line. */
  marginTop: number;
  /** The page's end-side margin in points: the mark ends where the text column does. */
  marginEnd: number;
  direction: 'ltr' | 'rtl';
}

const require = createRequire(import.meta.url);
/** The mark's fonts, from npm: Source Sans 3 bold, by script; each run of text takes the first that has it. */
const FONTS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'vietnamese'].map(
  (subset) =>
    require.resolve(`@fontsource/source-sans-3/files/source-sans-3-${subset}-700-normal.woff`),
);

type Fontkit = typeof import('@pdf-lib/fontkit');

interface Face {
  file: string;
  has: (codePoint: number) => boolean;
}
let faces: Face[] | undefined;
/** Set by `prepareCopies` before any text is cut into runs. */
let fontkit: Fontkit;
function fontFaces(): Face[] {
  faces ??= FONTS.map((file) => {
    const face = fontkit.create(readFileSync(file));
    return { file, has: (c: number) => face.hasGlyphForCodePoint(c) };
  });
  return faces;
}

/**
 * Stamp a finished PDF as numbered copies: "Copy 7 of 48" in the top margin of every
 * page, on the marking's line at the end of the text column, and the recipient beside
 * it on the document control page. The file is never printed again, nor written again:
 * it is read once, the fonts of the marks embedded once (subset to every mark's letters),
 * and each copy is the original's bytes with an incremental update holding its pages'
 * new versions and one small content stream each. The mark is a pagination artifact in
 * a font embedded with its Unicode, so each copy stays PDF/UA and PDF/A; its /ID is its
 * own, its bytes the same every time. Returns a maker of one copy's bytes.
 */
export async function prepareCopies(
  finished: Uint8Array,
  stamps: CopyStamp[],
  layout: CopyLayout,
): Promise<(stamp: CopyStamp) => Uint8Array> {
  const pdf = await PDFDocument.load(finished, {
    updateMetadata: false,
    parseSpeed: ParseSpeeds.Fastest,
  });
  // Loaded here, not with the build: only a build with --copies needs it (0.4 s to load).
  // A CommonJS module: its namespace's default is the module itself.
  fontkit = ((await import('@pdf-lib/fontkit')) as unknown as { default: Fontkit }).default;
  pdf.registerFontkit(fontkit);
  // New objects are numbered after every number the file used, its object streams' too.
  const size = previousSize(finished);
  pdf.context.largestObjectNumber = Math.max(pdf.context.largestObjectNumber, size - 1);
  const before = new Set(pdf.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber));
  const texts = (stamp: CopyStamp) => {
    const said = (words: string) =>
      words.replace('{number}', String(stamp.number)).replace('{total}', String(stamp.total));
    // Words none of our fonts can draw (Arabic, Chinese …) are said in English.
    let mark = said(layout.words);
    if (!runs(mark)) mark = said('Copy {number} of {total}');
    const control = `${mark} · ${stamp.recipient}`;
    return { mark, control: runs(control) ? control : mark };
  };
  // Every font the marks need, embedded once with every letter any mark has.
  const fonts = new Map<string, { font: PDFFont; name: string }>();
  for (const stamp of stamps) {
    const { mark, control } = texts(stamp);
    for (const run of [...runs(mark)!, ...runs(control)!]) {
      let entry = fonts.get(run.file);
      if (!entry) {
        const font = await pdf.embedFont(readFileSync(run.file), { subset: true });
        entry = { font, name: `HbCopy${fonts.size + 1}` };
        fonts.set(run.file, entry);
      }
      entry.font.encodeText(run.text);
    }
  }
  await pdf.flush();
  const context = pdf.context;
  // What every copy shares: the fonts' objects, and a q and a Q to keep each page's
  // own drawing state out of the mark's.
  const shared: [PDFRef, PDFObject][] = context
    .enumerateIndirectObjects()
    .filter(([ref]) => !before.has(ref.objectNumber));
  const save = context.register(context.flateStream('q\n'));
  const restore = context.register(context.flateStream('\nQ\n'));
  shared.push([save, context.lookup(save)!], [restore, context.lookup(restore)!]);
  const pages = pdf.getPages();
  const firstStream = context.largestObjectNumber + 1;
  const fontResources = Object.fromEntries([...fonts.values()].map((f) => [f.name, f.font.ref]));

  return (stamp) => {
    const { mark, control } = texts(stamp);
    const objects: [PDFRef, PDFObject][] = [...shared];
    pages.forEach((page, i) => {
      const text = i === layout.controlPage ? control : mark;
      const stream = context.flateStream(markContent(page, text, fonts, layout));
      const ref = PDFRef.of(firstStream + i);
      const node = page.node.clone(context);
      const contents = page.node.get(PDFName.of('Contents'));
      const list = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
      node.set(PDFName.of('Contents'), context.obj([save, ...list, restore, ref]));
      // A page's own resources with the marks' fonts added, written into its new version:
      // resources the pages share are left as they are.
      const resources = (page.node.Resources()?.clone(context) ?? context.obj({})) as PDFDict;
      const fontDict = resources.lookup(PDFName.of('Font'));
      const merged = (
        fontDict instanceof PDFDict ? fontDict.clone(context) : context.obj({})
      ) as PDFDict;
      for (const [name, fontRef] of Object.entries(fontResources))
        merged.set(PDFName.of(name), fontRef);
      resources.set(PDFName.of('Font'), merged);
      node.set(PDFName.of('Resources'), resources);
      objects.push([page.ref, node], [ref, stream]);
    });
    const id = createHash('sha256')
      .update(finished)
      .update(`copy ${stamp.number} of ${stamp.total}`)
      .digest('hex')
      .slice(0, 32);
    return appendUpdate(finished, context, objects, {
      id: context.obj([PDFHexString.of(id), PDFHexString.of(id)]),
      size: firstStream + pages.length,
    });
  };
}

/** The text cut into runs, each in the first font that has its characters; none if one has none. */
function runs(text: string): { text: string; file: string }[] | undefined {
  const out: { text: string; file: string }[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const last = out.at(-1);
    // A space goes with the run it is in.
    const face =
      last &&
      (/\s/.test(char) ||
        fontFaces()
          .find((f) => f.file === last.file)!
          .has(code))
        ? fontFaces().find((f) => f.file === last.file)
        : fontFaces().find((f) => f.has(code));
    if (!face) return undefined;
    if (last?.file === face.file) last.text += char;
    else out.push({ text: char, file: face.file });
  }
  return out;
}

const SIZE = 8.5;

/** The content stream of one page's mark: its runs of text, as a pagination artifact. */
function markContent(
  page: PDFPage,
  text: string,
  fonts: Map<string, { font: PDFFont; name: string }>,
  layout: CopyLayout,
): string {
  const { width, height } = page.getSize();
  const parts = runs(text)!.map((run) => ({ ...run, ...fonts.get(run.file)! }));
  const widths = parts.map((p) => p.font.widthOfTextAtSize(p.text, SIZE));
  const total = widths.reduce((a, b) => a + b, 0);
  let x = layout.direction === 'rtl' ? layout.marginEnd : width - layout.marginEnd - total;
  // The marking's baseline: 4 mm above the page area, as the margin boxes set it.
  const y = height - layout.marginTop + (4 * 72) / 25.4 + 3.4;
  const lines = [
    '/Artifact <</Type /Pagination /Subtype /Header>> BDC',
    'q',
    '0.24 0.27 0.31 rg',
    'BT',
  ];
  parts.forEach((part, i) => {
    lines.push(
      `/${part.name} ${SIZE} Tf`,
      `1 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)} Tm`,
      `${part.font.encodeText(part.text).toString()} Tj`,
    );
    x += widths[i]!;
  });
  lines.push('ET', 'Q', 'EMC');
  return lines.join('\n');
}
