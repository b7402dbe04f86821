import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  ParseSpeeds,
  rgb,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';

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

interface Face {
  file: string;
  has: (codePoint: number) => boolean;
}
let faces: Face[] | undefined;
function fontFaces(): Face[] {
  faces ??= FONTS.map((file) => {
    const face = fontkit.create(readFileSync(file));
    return { file, has: (c: number) => face.hasGlyphForCodePoint(c) };
  });
  return faces;
}

/**
 * Stamp a finished PDF as one numbered copy: "Copy 7 of 48" in the top margin of every
 * page, on the marking's line at the end of the text column, and the recipient beside
 * it on the document control page. The file is never printed again: the mark is drawn
 * onto the pages as a pagination artifact, in fonts embedded (subset) with their Unicode,
 * so the copy stays PDF/UA and PDF/A; its /ID is its own, its bytes the same every time.
 */
export async function stampCopy(
  finished: Uint8Array,
  stamp: CopyStamp,
  layout: CopyLayout,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(finished, {
    updateMetadata: false,
    parseSpeed: ParseSpeeds.Fastest,
  });
  pdf.registerFontkit(fontkit);
  const said = (words: string) =>
    words.replace('{number}', String(stamp.number)).replace('{total}', String(stamp.total));
  // Words none of our fonts can draw (Arabic, Chinese …) are said in English.
  let mark = said(layout.words);
  if (!runs(mark)) mark = said('Copy {number} of {total}');
  const control = runs(`${mark} · ${stamp.recipient}`) ? `${mark} · ${stamp.recipient}` : mark;
  const embedded = new Map<string, PDFFont>();
  const fontOf = async (file: string) => {
    let font = embedded.get(file);
    if (!font)
      embedded.set(file, (font = await pdf.embedFont(readFileSync(file), { subset: true })));
    return font;
  };
  const drawn = async (text: string) =>
    Promise.all(runs(text)!.map(async (r) => ({ text: r.text, font: await fontOf(r.file) })));
  const [plain, withRecipient] = [await drawn(mark), await drawn(control)];
  pdf.getPages().forEach((page, index) => {
    drawMark(page, index === layout.controlPage ? withRecipient : plain, layout);
  });
  const id = createHash('sha256')
    .update(finished)
    .update(`copy ${stamp.number} of ${stamp.total}`)
    .digest('hex')
    .slice(0, 32);
  pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  return pdf.save({ useObjectStreams: true, objectsPerTick: Infinity });
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

function drawMark(
  page: PDFPage,
  parts: { text: string; font: PDFFont }[],
  layout: CopyLayout,
): void {
  const { width, height } = page.getSize();
  const widths = parts.map((p) => p.font.widthOfTextAtSize(p.text, SIZE));
  const total = widths.reduce((a, b) => a + b, 0);
  let x = layout.direction === 'rtl' ? layout.marginEnd : width - layout.marginEnd - total;
  // The marking's baseline: 4 mm above the page area, as the margin boxes set it.
  const y = height - layout.marginTop + (4 * 72) / 25.4 + 3.4;
  // An inline property list: pdf-lib's operator types leave dictionaries out, but it
  // writes any object as PDF syntax.
  const properties = page.doc.context.obj({ Type: 'Pagination', Subtype: 'Header' });
  page.pushOperators(
    PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
      PDFName.of('Artifact'),
      properties as unknown as PDFName,
    ]),
  );
  parts.forEach((part, i) => {
    page.drawText(part.text, { x, y, size: SIZE, font: part.font, color: rgb(0.24, 0.27, 0.31) });
    x += widths[i]!;
  });
  page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
}
