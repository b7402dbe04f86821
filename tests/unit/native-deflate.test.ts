import { inflateSync, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import '../../src/finish/native-deflate.ts';

/** A document with enough objects for pdf-lib to pack many into each object stream. */
async function manyPages(): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= 120; i++) {
    const page = doc.addPage([300, 300]);
    page.drawText(`Page ${i} of the handbook`, { x: 20, y: 150, size: 12, font });
    page.node.set(PDFName.of('HbNote'), doc.context.obj({ Index: i, Words: ['one', 'two'] }));
  }
  return doc;
}

/** The object streams of a saved file, read from its bytes (a parser unpacks them). */
function objectStreams(bytes: Uint8Array): { dict: string; contents: Buffer }[] {
  const text = Buffer.from(bytes).toString('latin1');
  return [...text.matchAll(/<<([^>]*\/Type \/ObjStm[^>]*)>>\s*stream\r?\n/g)].map((m) => {
    const length = Number(/\/Length (\d+)/.exec(m[1]!)![1]);
    const from = m.index + m[0].length;
    return { dict: m[1]!, contents: Buffer.from(bytes.subarray(from, from + length)) };
  });
}

describe("pdf-lib's object streams compressed by Node's zlib", () => {
  it('writes streams that zlib reads back, in a file pdf-lib reads back whole', async () => {
    const bytes = await (await manyPages()).save({ useObjectStreams: true });
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(120);
    const packed = objectStreams(bytes);
    expect(packed.length).toBeGreaterThan(1);
    for (const { dict, contents } of packed) {
      expect(dict).toContain('/Filter /FlateDecode');
      const plain = inflateSync(contents);
      expect(plain.toString('latin1')).toContain('/HbNote');
      // Written by Node's zlib: the same bytes it gives for the same contents (pako's
      // own deflate ends its blocks elsewhere on input this size).
      expect(contents.equals(deflateSync(plain))).toBe(true);
    }
  });
});
