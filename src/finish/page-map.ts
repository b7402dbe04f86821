import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  ParseSpeeds,
} from 'pdf-lib';
import { safeDecode } from '../load/paths.ts';
import { DRAFT_MARK_URL } from '../model/page-numbers.ts';

/** A PDF that Chromium printed, parsed with pdf-lib as it is (its metadata untouched). */
export function loadPrinted(pdf: Uint8Array): Promise<PDFDocument> {
  // pdf-lib yields to the event loop every 100 objects unless told not to: twice as slow.
  return PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** Where a named destination points: a 0-based page index and the top-left of the target. */
export interface Destination {
  page: number;
  x: number;
  y: number;
}

export interface PageMap {
  pageCount: number;
  /** Print-edition id → where it landed. Chromium names each link target after its id. */
  destinations: Record<string, Destination>;
}

/**
 * Read a printed PDF's destinations: Chromium turns every `<a href="#id">` into a link to a
 * named destination `id` (listed in the catalog's /Dests), so they tell on which page and
 * where every linked heading landed.
 */
export function readDestinations(doc: PDFDocument): PageMap {
  const pageIndex = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index]));
  const destinations: Record<string, Destination> = {};
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [key, value] of dests?.entries() ?? []) {
    const dest = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (!(dest instanceof PDFArray)) continue;
    const page = pageIndex.get(String(dest.get(0)));
    if (page === undefined) continue;
    const number = (i: number) =>
      dest.get(i) instanceof PDFNumber ? (dest.get(i) as PDFNumber).asNumber() : 0;
    destinations[safeDecode(key.decodeText())] = { page, x: number(2), y: number(3) };
  }
  return { pageCount: doc.getPageCount(), destinations };
}

/**
 * Read a draft print back: each link target carries a marker linking to
 * `DRAFT_MARK_URL + n`, `targets[n]` naming it; the page holding the marker's link is the
 * target's page. Reading link annotations with pdf-lib is much faster than extracting text.
 */
export async function readMarkerMap(pdf: Uint8Array, targets: string[]): Promise<PageMap> {
  const doc = await loadPrinted(pdf);
  const destinations: Record<string, Destination> = {};
  doc.getPages().forEach((page, index) => {
    const annots = page.node.Annots();
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots!.lookup(i, PDFDict);
      const action = annot.lookup(PDFName.of('A'));
      const uri = action instanceof PDFDict ? action.lookup(PDFName.of('URI')) : undefined;
      const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : '';
      if (!text.startsWith(DRAFT_MARK_URL)) continue;
      const target = targets[Number(text.slice(DRAFT_MARK_URL.length))];
      // A marker at the top of a page also leaves a sliver of link at the foot of the page
      // before: the later page is the one it is on.
      if (target !== undefined) destinations[target] = { page: index, x: 0, y: 0 };
    }
  });
  return { pageCount: doc.getPageCount(), destinations };
}
