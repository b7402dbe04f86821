import { PDFArray, PDFDict, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';

const NODE_ID = /^node(\d+)$/;

/**
 * Chromium names the tagged PDF's structure elements after DOM node ids (`node00001883`),
 * which differ from one print to the next. Renumber them by rank (`node00000001` …) in
 * every place they appear (element /ID, table /Headers, the /IDTree), keeping their order,
 * so the same sources give the same bytes.
 */
export function stabiliseStructureIds(pdf: PDFDocument): void {
  const objects = pdf.context.enumerateIndirectObjects().map(([, object]) => object);
  const found = new Set<number>();
  for (const object of objects) visitStrings(object, (n) => (found.add(n), undefined));
  const rank = new Map([...found].sort((a, b) => a - b).map((n, i) => [n, i + 1]));
  const width = Math.max(8, String(rank.size).length);
  for (const object of objects) {
    visitStrings(object, (n) => PDFString.of(`node${String(rank.get(n)).padStart(width, '0')}`));
  }
}

/** Call `replace` with the number of every node id string; a returned string takes its place. */
function visitStrings(object: PDFObject, replace: (n: number) => PDFString | undefined): void {
  const check = (value: PDFObject | undefined): PDFString | undefined => {
    if (!(value instanceof PDFString)) return undefined;
    const match = NODE_ID.exec(value.asString());
    return match ? replace(Number(match[1])) : undefined;
  };
  if (object instanceof PDFArray) {
    for (let i = 0; i < object.size(); i++) {
      const value = object.get(i);
      const replacement = check(value);
      if (replacement) object.set(i, replacement);
      else visitStrings(value, replace);
    }
  } else if (object instanceof PDFDict) {
    for (const [key, value] of object.entries()) {
      const replacement = check(value);
      if (replacement) object.set(key, replacement);
      else visitStrings(value, replace);
    }
  }
}
