import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';

const name = (key: string) => PDFName.of(key);

/** The entries of a structure tree root's /IDTree (a name tree: leaves and kids alike). */
export function idTreeEntries(root: PDFDict): [string, PDFObject][] {
  return nameTree(root.lookup(name('IDTree')));
}

/** Write `entries` as the root's /IDTree: one leaf, sorted by name as a name tree must be. */
export function writeIdTree(
  pdf: PDFDocument,
  root: PDFDict,
  entries: readonly (readonly [string, PDFObject])[],
): void {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length === 0) return;
  const names = PDFArray.withContext(pdf.context);
  for (const [key, value] of sorted) {
    names.push(PDFString.of(key));
    names.push(value);
  }
  root.set(name('IDTree'), pdf.context.obj({ Names: names }));
}

function nameTree(tree: PDFObject | undefined): [string, PDFObject][] {
  if (!(tree instanceof PDFDict)) return [];
  const out: [string, PDFObject][] = [];
  const names = tree.lookup(name('Names'));
  if (names instanceof PDFArray) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = names.get(i);
      if (key instanceof PDFString || key instanceof PDFHexString)
        out.push([key.decodeText(), names.get(i + 1)]);
    }
  }
  const kids = tree.lookup(name('Kids'));
  if (kids instanceof PDFArray)
    for (let i = 0; i < kids.size(); i++) out.push(...nameTree(kids.lookup(i)));
  return out;
}
