import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, type PDFRawStream, type PDFRef } from 'pdf-lib';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const SHOW_TEXT = new Set<number>([
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
]);

/**
 * What a screen reader would meet outside the structure, page by page, read with pdf.js
 * (independently of our own content-stream code): text shown outside every marked-content
 * sequence, and the artifacts by their type. PDF/UA (Matterhorn 01-005) wants none of the first.
 */
export async function markedContent(file: string) {
  const data = new Uint8Array(await readFile(file));
  const doc = await getDocument({ data, verbosity: 0 }).promise;
  try {
    const pages: { untaggedText: number; artifacts: Record<string, number>; tagged: number }[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const list = await (await doc.getPage(i)).getOperatorList();
      const stack: string[] = [];
      const page = { untaggedText: 0, artifacts: {} as Record<string, number>, tagged: 0 };
      list.fnArray.forEach((fn, k) => {
        const args = list.argsArray[k] as unknown[];
        if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) {
          const tag = String(args[0]);
          const props = args[1] as { Type?: { name?: string } | string } | null | undefined;
          const type = typeof props?.Type === 'object' ? props.Type?.name : props?.Type;
          stack.push(tag === 'Artifact' && type ? `Artifact:${type}` : tag);
        } else if (fn === OPS.endMarkedContent) {
          stack.pop();
        } else if (SHOW_TEXT.has(fn)) {
          const artifact = stack.find((t) => t.startsWith('Artifact'));
          if (artifact) page.artifacts[artifact] = (page.artifacts[artifact] ?? 0) + 1;
          else if (stack.length > 0) page.tagged++;
          else page.untaggedText++;
        }
      });
      pages.push(page);
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** How many pagination artifacts the pages' content streams open (pdf.js does not say their type). */
export async function paginationArtifacts(file: string): Promise<number> {
  const doc = await PDFDocument.load(await readFile(file));
  let count = 0;
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const ref of refs) {
      const stream = doc.context.lookup(ref as PDFRef) as PDFRawStream;
      const flate = String(stream.dict.get(PDFName.of('Filter')) ?? '').includes('FlateDecode');
      const text = Buffer.from(flate ? inflateSync(stream.contents) : stream.contents).toString(
        'latin1',
      );
      count += text.match(/\/Artifact\s*<<\s*\/Type\s*\/Pagination\s*>>\s*BDC/g)?.length ?? 0;
    }
  }
  return count;
}
