import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

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
 * Read a printed PDF back: Chromium turns every `<a href="#id">` into a link to a named
 * destination `id`, so the destinations tell on which page every linked heading landed.
 */
export async function readPageMap(pdf: Uint8Array): Promise<PageMap> {
  // pdf.js takes ownership of the buffer it is given; hand it a copy.
  const doc = await getDocument({ data: pdf.slice(), verbosity: 0, isEvalSupported: false })
    .promise;
  try {
    const named = (await doc.getDestinations()) as Record<string, unknown[]>;
    const pageIndexByRef = new Map<string, number>();
    const destinations: Record<string, Destination> = {};
    for (const [name, dest] of Object.entries(named)) {
      const ref = dest[0] as { num: number; gen: number };
      const key = `${ref.num}R${ref.gen}`;
      let page = pageIndexByRef.get(key);
      if (page === undefined) {
        page = await doc.getPageIndex(ref);
        pageIndexByRef.set(key, page);
      }
      destinations[decodeName(name)] = { page, x: Number(dest[2] ?? 0), y: Number(dest[3] ?? 0) };
    }
    return { pageCount: doc.numPages, destinations };
  } finally {
    await doc.destroy();
  }
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
