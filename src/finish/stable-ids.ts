import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';
import { idTreeEntries, writeIdTree } from './id-tree.ts';
import { allElements, type StructElement } from './structure-tree.ts';

const NODE_ID = /^node(\d+)$/;
/** The entries that hold node ids: an element's /ID and attributes /A, the /IDTree's leaves. */
const ID_KEYS = ['ID', 'A', 'Names', 'Limits'].map((key) => PDFName.of(key));
const ID = PDFName.of('ID');

/**
 * Chromium names the tagged PDF's structure elements after DOM node ids (`node00001883`),
 * which differ from one print to the next, and even in their order: what the page did
 * before it was printed (a draft print first, or none) decides which nodes were numbered
 * first. Renumber them in the order of the structure tree (`node00000001` …) in every
 * place they appear (element /ID, table /Headers, the /IDTree, sorted again), so the same
 * sources give the same bytes however they came to be printed.
 */
export function stabiliseStructureIds(pdf: PDFDocument, tree: StructElement[]): void {
  const bearers = nodeIdBearers(pdf);
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  // The /IDTree as it is now: it may sit inside the root, where no bearer finds it.
  const entries = root ? idTreeEntries(root) : [];
  // An element's id is in its /ID, or only in the /IDTree, which names the element.
  const named = new Map<PDFObject, string>();
  for (const [key, value] of entries)
    named.set(value instanceof PDFRef ? pdf.context.lookup(value)! : value, key);
  const rank = new Map<number, number>();
  const ranked = (text: string | undefined) => {
    const match = text === undefined ? null : NODE_ID.exec(text);
    if (match && !rank.has(Number(match[1]))) rank.set(Number(match[1]), rank.size + 1);
  };
  for (const element of allElements(tree)) {
    const id = element.dict.get(ID);
    ranked(id instanceof PDFString ? id.asString() : named.get(element.dict));
  }
  // Ids no element of the tree bears (a header naming a cell left out): after the others.
  const rest = new Set<number>();
  const collect = (n: number) => (rank.has(n) ? undefined : (rest.add(n), undefined));
  for (const { dict, key } of bearers) visitEntry(dict, key, collect);
  for (const [key] of entries) ranked(key);
  for (const n of [...rest].sort((a, b) => a - b)) ranked(`node${n}`);
  const width = Math.max(8, String(rank.size).length);
  const id = (n: number) => `node${String(rank.get(n)).padStart(width, '0')}`;
  for (const { dict, key } of bearers) visitEntry(dict, key, (n) => PDFString.of(id(n)));
  if (!root) return;
  writeIdTree(
    pdf,
    root,
    entries.map(([key, value]) => {
      const match = NODE_ID.exec(key);
      return [match ? id(Number(match[1])) : key, value] as const;
    }),
  );
}

/**
 * Add `by` to every node id of a document, so that those of pieces printed apart
 * (finish/merge-pieces.ts) never meet; their order stays that of the pieces.
 */
export function shiftNodeIds(pdf: PDFDocument, by: number): void {
  const shift = (n: number) => PDFString.of(`node${String(n + by).padStart(8, '0')}`);
  for (const { dict, key } of nodeIdBearers(pdf)) visitEntry(dict, key, shift);
}

function nodeIdBearers(pdf: PDFDocument): { dict: PDFDict; key: PDFName }[] {
  // Only structure elements (/ID, and /Headers inside their attributes /A) and the leaves of
  // the /IDTree (/Names, /Limits) hold them: looking nowhere else keeps this quick on
  // thousands of pages (content, fonts and annotations are most of the objects).
  return pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter((object): object is PDFDict => object instanceof PDFDict)
    .flatMap((dict) => ID_KEYS.filter((key) => dict.has(key)).map((key) => ({ dict, key })));
}

/** `visitStrings` for one entry of a dictionary, the entry itself included. */
function visitEntry(
  dict: PDFDict,
  key: PDFName,
  replace: (n: number) => PDFString | undefined,
): void {
  const value = dict.get(key);
  if (!value) return;
  const replacement = nodeId(value, replace);
  if (replacement) dict.set(key, replacement);
  else visitStrings(value, replace);
}

/** Call `replace` with the number of every node id string; a returned string takes its place. */
function visitStrings(object: PDFObject, replace: (n: number) => PDFString | undefined): void {
  const check = (value: PDFObject | undefined) => nodeId(value, replace);
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

/** `replace` called with the number of a node id string; undefined for anything else. */
function nodeId(
  value: PDFObject | undefined,
  replace: (n: number) => PDFString | undefined,
): PDFString | undefined {
  if (!(value instanceof PDFString)) return undefined;
  const match = NODE_ID.exec(value.asString());
  return match ? replace(Number(match[1])) : undefined;
}
