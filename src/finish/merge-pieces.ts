import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFPage,
  PDFRef,
  PDFString,
  type PDFObject,
  type PDFPageLeaf,
} from 'pdf-lib';
import { safeDecode } from '../load/paths.ts';
import { XREF_URL } from '../model/page-numbers.ts';
import { idTreeEntries, writeIdTree } from './id-tree.ts';
import { PdfCopier } from './pdf-copier.ts';
import { shiftNodeIds } from './stable-ids.ts';

const name = (key: string) => PDFName.of(key);
/** Page attributes a page may inherit from its page tree: carried onto the copied page. */
const INHERITED = ['Resources', 'MediaBox', 'CropBox', 'Rotate'].map(name);
/** Chromium's node ids are eight digits; each piece's are moved past the one before. */
const NODE_ID_SPAN = 1e9;

/**
 * One PDF from the pieces of a document printed side by side (print/printer.ts), as if it
 * had been printed whole: the pages in order, one structure tree (each piece's elements
 * under the first piece's Document, their marked-content keys renumbered), every named
 * destination, and the links between pieces, which were printed as links to
 * `XREF_URL + fragment`, turned back into links to their destinations.
 */
export function mergePieces(pieces: PDFDocument[]): PDFDocument {
  const [target, ...rest] = pieces;
  if (!target) throw new Error('No pieces to merge');
  rest.forEach((piece, i) => append(target, piece, i + 1));
  if (rest.length > 0) linkPieces(target);
  return target;
}

function append(target: PDFDocument, piece: PDFDocument, index: number): void {
  // Node ids must not meet those of another piece (stable-ids.ts renumbers them all later).
  shiftNodeIds(piece, index * NODE_ID_SPAN);
  const copier = new PdfCopier(piece.context, target.context);
  const targetTree = structureTree(target);
  const pieceTree = structureTree(piece);
  const keyOffset = targetTree ? nextParentKey(targetTree.root) : 0;
  // A copied page must not drag its page tree along, nor a structure element the tree above
  // it: those references lead to the target's own.
  const pagesRoot = target.catalog.get(name('Pages'));
  const pages = piece.getPages();
  for (const page of pages) {
    const parent = page.node.get(name('Parent'));
    if (parent instanceof PDFRef && pagesRoot instanceof PDFRef) copier.map(parent, pagesRoot);
  }
  if (targetTree && pieceTree) {
    copier.map(pieceTree.rootRef, targetTree.rootRef);
    copier.map(pieceTree.containerRef, targetTree.containerRef);
  }
  const reserved = pages.map((page) => {
    const ref = target.context.nextRef();
    copier.map(page.ref, ref);
    return ref;
  });
  pages.forEach((page, i) => {
    for (const key of INHERITED) {
      const value = page.node.getInheritableAttribute(key);
      if (value && !page.node.has(key)) page.node.set(key, value);
    }
    page.node.delete(name('Parent'));
    copier.into(page.ref, reserved[i]!);
    const leaf = target.context.lookup(reserved[i]!) as PDFPageLeaf;
    shiftKey(leaf, 'StructParents', keyOffset);
    const annots = leaf.Annots();
    for (let a = 0; a < (annots?.size() ?? 0); a++) {
      const annot = annots!.lookup(a);
      if (annot instanceof PDFDict) shiftKey(annot, 'StructParent', keyOffset);
    }
    target.addPage(PDFPage.of(leaf, reserved[i]!, target));
  });
  if (targetTree && pieceTree) mergeTrees(target, targetTree, pieceTree, copier, keyOffset);
  mergeDests(target, piece, copier);
}

interface StructureTree {
  root: PDFDict;
  rootRef: PDFRef;
  /** Where the elements hang: Chromium's single Document element, else the root itself. */
  container: PDFDict;
  containerRef: PDFRef;
}

function structureTree(doc: PDFDocument): StructureTree | undefined {
  const rootRef = doc.catalog.get(name('StructTreeRoot'));
  if (!(rootRef instanceof PDFRef)) return undefined;
  const root = doc.context.lookup(rootRef, PDFDict);
  const kid = root.get(name('K'));
  const container = kid instanceof PDFRef ? doc.context.lookup(kid) : undefined;
  if (kid instanceof PDFRef && container instanceof PDFDict)
    return { root, rootRef, container, containerRef: kid };
  return { root, rootRef, container: root, containerRef: rootRef };
}

function mergeTrees(
  target: PDFDocument,
  into: StructureTree,
  from: StructureTree,
  copier: PdfCopier,
  keyOffset: number,
): void {
  const kids = kidsArray(target, into.container);
  for (const kid of kidsOf(from.container)) kids.push(copier.value(kid));

  const entries = numberTree(into.root.lookup(name('ParentTree')));
  for (const [key, value] of numberTree(from.root.lookup(name('ParentTree'))))
    entries.push([key + keyOffset, copier.value(value)]);
  const nums = PDFArray.withContext(target.context);
  for (const [key, value] of entries) {
    nums.push(PDFNumber.of(key));
    nums.push(value);
  }
  into.root.set(name('ParentTree'), target.context.obj({ Nums: nums }));
  into.root.set(name('ParentTreeNextKey'), PDFNumber.of(keyOffset + nextParentKey(from.root)));

  writeIdTree(target, into.root, [
    ...idTreeEntries(into.root),
    ...idTreeEntries(from.root).map(([key, value]) => [key, copier.value(value)] as const),
  ]);
}

/** The element's /K as an array in place (a single kid becomes an array of one). */
function kidsArray(doc: PDFDocument, element: PDFDict): PDFArray {
  const k = element.get(name('K'));
  if (k instanceof PDFArray) return k;
  const array = PDFArray.withContext(doc.context);
  if (k) array.push(k);
  element.set(name('K'), array);
  return array;
}

function kidsOf(element: PDFDict): PDFObject[] {
  const k = element.get(name('K'));
  if (k instanceof PDFArray) return k.asArray();
  return k ? [k] : [];
}

/** A number tree's entries, leaves and kids alike. */
function numberTree(tree: PDFObject | undefined): [number, PDFObject][] {
  if (!(tree instanceof PDFDict)) return [];
  const out: [number, PDFObject][] = [];
  const nums = tree.lookup(name('Nums'));
  if (nums instanceof PDFArray) {
    for (let i = 0; i + 1 < nums.size(); i += 2) {
      const key = nums.get(i);
      if (key instanceof PDFNumber) out.push([key.asNumber(), nums.get(i + 1)]);
    }
  }
  const kids = tree.lookup(name('Kids'));
  if (kids instanceof PDFArray)
    for (let i = 0; i < kids.size(); i++) out.push(...numberTree(kids.lookup(i)));
  return out;
}

/** A name tree's entries (keys as text), leaves and kids alike. */
function nextParentKey(root: PDFDict): number {
  const next = root.get(name('ParentTreeNextKey'));
  if (next instanceof PDFNumber) return next.asNumber();
  const keys = numberTree(root.lookup(name('ParentTree'))).map(([key]) => key);
  return keys.length > 0 ? Math.max(...keys) + 1 : 0;
}

function shiftKey(dict: PDFDict, key: string, by: number): void {
  const value = dict.get(name(key));
  if (value instanceof PDFNumber && by !== 0)
    dict.set(name(key), PDFNumber.of(value.asNumber() + by));
}

/** The piece's named destinations, added to the target's. */
function mergeDests(target: PDFDocument, piece: PDFDocument, copier: PdfCopier): void {
  const from = piece.catalog.lookupMaybe(name('Dests'), PDFDict);
  if (!from) return;
  let into = target.catalog.lookupMaybe(name('Dests'), PDFDict);
  if (!into) {
    into = target.context.obj({});
    target.catalog.set(name('Dests'), target.context.register(into));
  }
  for (const [key, value] of from.entries()) into.set(key, copier.value(value));
}

/**
 * Links printed as `XREF_URL + fragment` (their target was in another piece) become links to
 * the named destination of that fragment; one whose destination is missing does nothing.
 */
function linkPieces(doc: PDFDocument): void {
  const dests = doc.catalog.lookupMaybe(name('Dests'), PDFDict);
  const byId = new Map<string, PDFName>();
  for (const [key] of dests?.entries() ?? []) byId.set(safeDecode(key.decodeText()), key);
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots!.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      const action = annot.lookup(name('A'));
      const uri = action instanceof PDFDict ? action.lookup(name('URI')) : undefined;
      const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : '';
      if (!text.startsWith(XREF_URL)) continue;
      annot.delete(name('A'));
      const dest = byId.get(safeDecode(text.slice(XREF_URL.length)));
      if (dest) annot.set(name('Dest'), dest);
    }
  }
}
