import { PDFArray, PDFName, PDFNumber, PDFRef, type PDFContext, type PDFObject } from 'pdf-lib';
import { concat } from './bytes.ts';

/**
 * A PDF with objects added or replaced, written as an incremental update (ISO 32000-1
 * §7.5.6): the original bytes untouched, then the objects, a cross-reference stream for
 * them pointing back to the original's, and the new trailer entries. Writing a copy then
 * costs what changed, not the whole file again.
 */
export function appendUpdate(
  original: Uint8Array,
  context: PDFContext,
  objects: [PDFRef, PDFObject][],
  trailer: { id: PDFArray; size: number },
): Uint8Array {
  const previous = lastStartXref(original);
  const parts: Uint8Array[] = [original, ascii('\n')];
  let offset = original.length + 1;
  const offsets = new Map<number, number>();
  for (const [ref, object] of objects) {
    const head = ascii(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    const body = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(body, 0);
    const tail = ascii('\nendobj\n');
    offsets.set(ref.objectNumber, offset);
    parts.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  }
  // The cross-reference stream itself is the last object: [type 1, offset, generation 0].
  const xrefNumber = trailer.size;
  offsets.set(xrefNumber, offset);
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const rows = new Uint8Array(numbers.length * 7);
  const index: number[] = [];
  numbers.forEach((n, i) => {
    const at = offsets.get(n)!;
    rows.set([1, (at >>> 24) & 255, (at >>> 16) & 255, (at >>> 8) & 255, at & 255, 0, 0], i * 7);
    if (index.length > 0 && index[index.length - 2]! + index[index.length - 1]! === n)
      index[index.length - 1]!++;
    else index.push(n, 1);
  });
  const info = context.trailerInfo;
  const dict = context.obj({
    Type: 'XRef',
    Size: xrefNumber + 1,
    W: [1, 4, 2],
    Index: index,
    Prev: previous,
    ...(info.Root ? { Root: info.Root as PDFRef } : {}),
    ...(info.Info ? { Info: info.Info as PDFRef } : {}),
  });
  dict.set(PDFName.of('ID'), trailer.id);
  dict.set(PDFName.of('Length'), PDFNumber.of(rows.length));
  const xref = [
    ascii(`${xrefNumber} 0 obj\n${dict.toString()}\nstream\n`),
    rows,
    ascii(`\nendstream\nendobj\nstartxref\n${offset}\n%%EOF\n`),
  ];
  parts.push(...xref);
  return concat(parts);
}

/**
 * The original's /Size: object numbers below it are taken, also by the object streams
 * and cross-reference stream that a parser unpacks and forgets. New objects start there.
 */
export function previousSize(bytes: Uint8Array): number {
  const at = lastStartXref(bytes);
  const section = Buffer.from(bytes.subarray(at, at + 4096)).toString('latin1');
  const size = /\/Size\s+(\d+)/.exec(section);
  if (!size) throw new Error('No /Size in the last cross-reference section of the PDF');
  return Number(size[1]);
}

/** The offset the original's last `startxref` names. */
function lastStartXref(bytes: Uint8Array): number {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) throw new Error('No startxref at the end of the PDF');
  return Number(match[1]);
}

const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
