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
