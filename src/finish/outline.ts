import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFDocument,
  type PDFRef,
} from 'pdf-lib';
import type { Destination } from './page-map.ts';

/** A bookmark: a title, the destination it opens, and its children. */
export interface OutlineItem {
  title: string;
  target: string;
  open?: boolean;
  children: OutlineItem[];
}

/**
 * Write the PDF's bookmarks. Chromium's own outline lists every heading of every depth,
 * cover and contents included; ours follows the handbook's structure and `tocDepth`.
 * Items whose target did not land in the PDF are left out.
 */
export function writeOutline(
  pdf: PDFDocument,
  items: OutlineItem[],
  destinations: Record<string, Destination>,
): void {
  const pages = pdf.getPages();
  const present = prune(
    items,
    (id) => destinations[id] !== undefined && pages[destinations[id].page] !== undefined,
  );
  if (present.length === 0) return;
  const context = pdf.context;
  const rootRef = context.nextRef();

  const writeLevel = (level: OutlineItem[], parent: PDFRef): { first: PDFRef; last: PDFRef } => {
    const refs = level.map(() => context.nextRef());
    level.forEach((item, i) => {
      const dest = destinations[item.target]!;
      const dict = context.obj({}) as PDFDict;
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parent);
      dict.set(PDFName.of('Dest'), destinationArray(pdf, pages[dest.page]!.ref, dest));
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < level.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      if (item.children.length > 0) {
        const { first, last } = writeLevel(item.children, refs[i]!);
        dict.set(PDFName.of('First'), first);
        dict.set(PDFName.of('Last'), last);
        const count = item.children.reduce((n, child) => n + 1 + visible(child), 0);
        dict.set(PDFName.of('Count'), PDFNumber.of(item.open ? count : -count));
      }
      context.assign(refs[i]!, dict);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]! };
  };

  const { first, last } = writeLevel(present, rootRef);
  const root = context.obj({ Type: 'Outlines' }) as PDFDict;
  root.set(PDFName.of('First'), first);
  root.set(PDFName.of('Last'), last);
  root.set(
    PDFName.of('Count'),
    PDFNumber.of(present.reduce((n, item) => n + 1 + visible(item), 0)),
  );
  context.assign(rootRef, root);
  pdf.catalog.set(PDFName.of('Outlines'), rootRef);
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** Items shown under an item while it is open. */
function visible(item: OutlineItem): number {
  return item.open ? item.children.reduce((n, child) => n + 1 + visible(child), 0) : 0;
}

function prune(items: OutlineItem[], keep: (id: string) => boolean): OutlineItem[] {
  return items
    .filter((i) => keep(i.target))
    .map((i) => ({ ...i, children: prune(i.children, keep) }));
}

function destinationArray(pdf: PDFDocument, pageRef: PDFRef, dest: Destination): PDFArray {
  const array = pdf.context.obj([]) as PDFArray;
  array.push(pageRef);
  array.push(PDFName.of('XYZ'));
  array.push(PDFNumber.of(dest.x));
  array.push(PDFNumber.of(dest.y));
  array.push(PDFNull);
  return array;
}
