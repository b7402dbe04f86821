import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import { PDFArray, PDFName, PDFRawStream, PDFRef, type PDFDocument } from 'pdf-lib';
import { contentOperators, type ContentOperator } from './content-tokens.ts';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);
/** Streams inflated and deflated at once: enough to keep zlib's threads busy. */
const ZLIB_AT_ONCE = 8;
/** A page's content is tens of kilobytes, some hundreds: one buffer holds most at once. */
const INFLATED_CHUNK = 256 * 1024;

const PATH_BUILD = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const SHOW = new Set(['Do', 'sh', 'BI']);
/** The operators the marking reads: a page's many `Tj` and `Td` are not collected. */
const READ = new Set(['BDC', 'BMC', 'EMC', 'BT', 'ET', 'n', ...PATH_BUILD, ...PATH_PAINT, ...SHOW]);

interface Range {
  start: number;
  end: number;
  kind: 'Pagination' | 'Layout';
}

/**
 * Chromium tags what the document's body prints, but not what the page margins print
 * (the running header, the marking lines, the page number) nor the rules and leaders it
 * draws outside the body's marked content: a screen reader would read "UNCLASSIFIED …
 * Page 7 of 22" in the middle of the text. Every text object, painted path and image
 * that no marked content holds is marked an artifact here, text as a pagination artifact,
 * drawings as layout; the tagged content and its MCIDs are left as they are. Done on each
 * piece of a print before the pieces are merged (print/print-numbered.ts), so that a piece
 * taken from an earlier build is not read again.
 */
export async function markUntaggedAsArtifacts(pdf: PDFDocument): Promise<MarkedStreams> {
  const streams = contentRefs(pdf).flatMap((ref) => {
    const stream = pdf.context.lookup(ref);
    return stream instanceof PDFRawStream ? [{ ref, stream }] : [];
  });
  // zlib in its own threads, not on this one (which reads the pages meanwhile, and has the
  // other pieces to read): a piece of 60 pages is megabytes to inflate and deflate again.
  // A few streams at a time, each inflated into one buffer: hundreds of zlib streams at
  // once, each returning its output in 16 kB chunks, cost this thread and the garbage
  // collector more than the inflating itself (a fifth more CPU for a 500-page handbook).
  const rewritten = await inTurns(streams, ZLIB_AT_ONCE, async ({ stream }) => {
    const bytes = await decoded(stream);
    const ranges = bytes ? untaggedRanges(contentOperators(bytes, READ)) : [];
    return ranges.length > 0 ? deflateAsync(wrap(bytes!, ranges)) : undefined;
  });
  const marked: MarkedStreams = {};
  rewritten.forEach((bytes, i) => {
    if (bytes) marked[streams[i]!.ref.toString()] = bytes;
  });
  applyMarkedStreams(pdf, marked);
  return marked;
}

/**
 * Content streams with their artifacts marked (Flate-encoded), by the stream's reference
 * ("12 0 R"): what marking one print made, to be applied again to the same print.
 */
export type MarkedStreams = Record<string, Uint8Array>;

/**
 * Put marked streams in place of the streams they were made from: marking a print that
 * was marked before (cache/printed-pieces.ts) without reading its pages again.
 */
export function applyMarkedStreams(pdf: PDFDocument, marked: MarkedStreams): void {
  for (const ref of contentRefs(pdf)) {
    const bytes = marked[ref.toString()];
    if (!bytes) continue;
    const dict = pdf.context.obj({ Filter: 'FlateDecode' });
    pdf.context.assign(ref, PDFRawStream.of(dict, bytes));
  }
}

/** Every page's content streams, in page order. */
function contentRefs(pdf: PDFDocument): PDFRef[] {
  return pdf.getPages().flatMap((page) => {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs =
      contents instanceof PDFArray
        ? contents.asArray()
        : contents instanceof PDFRef
          ? [contents]
          : [];
    return refs.filter((ref): ref is PDFRef => ref instanceof PDFRef);
  });
}

/** The stream's bytes, when it is plain or Flate-encoded (what Chromium writes). */
async function decoded(stream: PDFRawStream): Promise<Uint8Array | undefined> {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === undefined) return stream.contents;
  if (filter instanceof PDFName && filter.asString() === '/FlateDecode')
    return inflateAsync(stream.contents, { chunkSize: INFLATED_CHUNK });
  return undefined;
}

/** The text objects, painted paths and images outside every marked-content sequence. */
export function untaggedRanges(operators: ContentOperator[]): Range[] {
  const ranges: Range[] = [];
  let depth = 0;
  let text = -1;
  let path = -1;
  for (const op of operators) {
    if (op.name === 'BDC' || op.name === 'BMC') {
      depth++;
      // Marked content inside a text object or a path: that one is not ours to mark.
      text = -1;
      path = -1;
    } else if (op.name === 'EMC') {
      depth = Math.max(0, depth - 1);
    } else if (depth > 0) {
      continue;
    } else if (op.name === 'BT') {
      text = op.start;
    } else if (op.name === 'ET') {
      if (text >= 0) ranges.push({ start: text, end: op.end, kind: 'Pagination' });
      text = -1;
    } else if (text >= 0) {
      continue;
    } else if (PATH_BUILD.has(op.name)) {
      if (path < 0) path = op.start;
    } else if (PATH_PAINT.has(op.name)) {
      if (path >= 0) ranges.push({ start: path, end: op.end, kind: 'Layout' });
      path = -1;
    } else if (op.name === 'n') {
      path = -1;
    } else if (SHOW.has(op.name)) {
      ranges.push({ start: op.start, end: op.end, kind: 'Layout' });
    }
  }
  return ranges;
}

const OPEN = {
  Pagination: Buffer.from('/Artifact <</Type /Pagination>> BDC\n', 'latin1'),
  Layout: Buffer.from('/Artifact <</Type /Layout>> BDC\n', 'latin1'),
};
const CLOSE = Buffer.from('\nEMC\n', 'latin1');

/** The stream with each range in its artifact sequence; its bytes viewed, not copied. */
function wrap(bytes: Uint8Array, ranges: Range[]): Uint8Array {
  const view = (from: number, to: number) =>
    Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
  const parts: Buffer[] = [];
  let at = 0;
  for (const range of ranges) {
    parts.push(view(at, range.start), OPEN[range.kind], view(range.start, range.end), CLOSE);
    at = range.end;
  }
  parts.push(view(at, bytes.length));
  return Buffer.concat(parts);
}

/** `work` on each item, `atOnce` at a time, the results in the items' order. */
async function inTurns<T, R>(
  items: T[],
  atOnce: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
  return results;
}
