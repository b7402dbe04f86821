import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRef,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';

export interface StructElement {
  dict: PDFDict;
  /** The structure type without its slash: `Figure`, `Link`, `H2`. */
  role: string;
  parent?: StructElement;
  /** Marked-content ids and annotations it holds itself (not through a child element). */
  holdsContent: boolean;
  /** Child structure elements, in the logical order. */
  children: StructElement[];
}

const K = PDFName.of('K');
const S = PDFName.of('S');
const TYPE = PDFName.of('Type');

/**
 * The tagged PDF's structure tree as plain objects, in logical order, for the finishing
 * steps that read or repair it. Chromium writes a tree of Document, NonStruct, P, H1…,
 * Figure, Link and the like; its leaves are MCIDs, marked-content references and object
 * references to annotations.
 */
export function structureTree(pdf: PDFDocument): StructElement[] {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return [];
  const seen = new Set<PDFDict>();
  const elements = (kids: PDFObject | undefined, parent?: StructElement): StructElement[] => {
    const list = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
    const found: StructElement[] = [];
    for (const kid of list) {
      const dict = kid instanceof PDFRef ? pdf.context.lookup(kid) : kid;
      if (!(dict instanceof PDFDict) || seen.has(dict)) continue;
      const type = dict.get(TYPE)?.toString();
      if (type === '/MCR' || type === '/OBJR') continue;
      const role = dict.get(S)?.toString().slice(1);
      if (!role) continue;
      seen.add(dict);
      const element: StructElement = {
        dict,
        role,
        holdsContent: false,
        children: [],
        ...(parent ? { parent } : {}),
      };
      element.holdsContent = holdsContent(pdf, dict.get(K));
      element.children = elements(dict.get(K), element);
      found.push(element);
    }
    return found;
  };
  return elements(root.get(K));
}

/** Every element of the tree, parents before their children. */
export function* allElements(tree: StructElement[]): Generator<StructElement> {
  for (const element of tree) {
    yield element;
    yield* allElements(element.children);
  }
}

function holdsContent(pdf: PDFDocument, kids: PDFObject | undefined): boolean {
  const list = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
  return list.some((kid) => {
    if (kid instanceof PDFNumber) return true;
    const dict = kid instanceof PDFRef ? pdf.context.lookup(kid) : kid;
    const type = dict instanceof PDFDict ? dict.get(TYPE)?.toString() : undefined;
    return type === '/MCR' || type === '/OBJR';
  });
}
