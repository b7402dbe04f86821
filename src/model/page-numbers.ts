/**
 * What the first print of the PDF teaches the next: the printed page number of every
 * link target, and how many body pages there are. Plain data.
 */
export interface PageNumbers {
  /** Print-edition id → printed page label ("14", or "iii" in the front matter). */
  labels: Record<string, string>;
  /** Pages from the first chapter to the end: the "of N" in "Page 7 of N". */
  bodyPages: number;
  /** Pages before the first chapter: cover, document control, contents. */
  frontPages: number;
}

/**
 * How the print edition marks what the page numbers change, so the printer can fill them
 * in on the loaded page without loading it again: each slot names its target in
 * `data-page-of` and, when it is more than the bare number, its text in `data-page-text`
 * (`{page}` standing for the number); the `@page` rules sit in one style element.
 */
export const PRINT_SLOTS = {
  targetAttribute: 'data-page-of',
  textAttribute: 'data-page-text',
  pageCssId: 'hb-page-css',
  /** A cross-reference's visible text, laid over its reserve. */
  textClass: 'page-slot-text',
  /** The hidden copy with the widest number, which gives the slot its width. */
  reserveClass: 'page-slot-reserve',
} as const;

/** What the printer needs to turn the draft into the final document. */
export interface PageFill {
  labels: Record<string, string>;
  pageCss: string;
  /** The reserve's text when the slots must grow (a label wider than reserved), else absent. */
  reserve?: string;
}

/** Draft prints mark each link target with a link to this URL and its number (never fetched). */
export const DRAFT_MARK_URL = 'https://marker.handbook.invalid/';

/**
 * A link whose target is in another piece of a document printed in pieces is printed as a
 * link to this URL and the fragment (never fetched), and made a link inside the PDF again
 * when the pieces are merged.
 */
export const XREF_URL = 'https://xref.handbook.invalid/';
