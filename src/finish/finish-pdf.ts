import { createHash } from 'node:crypto';
import { PDFHexString, type PDFArray, type PDFDocument } from 'pdf-lib';
import { conformance, type Conformance, type Standard } from './conformance.ts';
import { describeLinks, type LinkDescriber } from './link-contents.ts';
import { writeOutputIntent } from './output-intent.ts';
import { writePageLabels } from './page-labels.ts';
import { repairStructure } from './structure-repairs.ts';
import { structureTree } from './structure-tree.ts';
import { writeOutline, type OutlineItem } from './outline.ts';
import type { PageMap } from './page-map.ts';
import { stabiliseStructureIds } from './stable-ids.ts';
import { writeXmp, type XmpFields } from './xmp.ts';
// Before any save: pdf-lib's object streams compressed by Node's zlib (see the file).
import './native-deflate.ts';

export interface PdfMetadata extends Omit<XmpFields, 'producer'> {
  /** Bytes that identify the document's content; its PDF /ID is derived from them. */
  identity: string;
}

export interface FinishInput {
  /**
   * The final print, loaded (its destinations were read from it already), its margins
   * marked as artifacts (artifacts.ts).
   */
  pdf: PDFDocument;
  map: PageMap;
  frontPages: number;
  outline: OutlineItem[];
  metadata: PdfMetadata;
  /** What each link says it leads to (its /Contents). */
  links: LinkDescriber;
  /** `auto`: claim PDF/UA-1 and PDF/A-2 as far as the file meets them; `none`: claim nothing. */
  standard: Standard;
}

export interface Finished {
  bytes: Uint8Array;
  conformance: Conformance;
}

/**
 * Stage 5: what Chromium does not write. Metadata (Info and XMP), page labels that match the printed
 * numbers (i, ii, iii, then 1, 2, 3), bookmarks in the handbook's structure, a /ID
 * derived from the content, so two builds of the same sources are byte-identical, and
 * what an accessible, archivable file needs: link descriptions, a repaired
 * structure, an output intent and the claims it has earned.
 */
export async function finishPdf(input: FinishInput): Promise<Finished> {
  const { pdf, metadata } = input;
  pdf.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) pdf.setAuthor(metadata.author);
  if (metadata.subject) pdf.setSubject(metadata.subject);
  // One string, comma-separated: pdf-lib would join with spaces and split "peace operations".
  if (metadata.keywords.length > 0) pdf.setKeywords([metadata.keywords.join(', ')]);
  pdf.setLanguage(metadata.language);
  pdf.setCreator(metadata.creator);
  const producer = `${metadata.creator} (Chromium, pdf-lib)`;
  pdf.setProducer(producer);
  pdf.setCreationDate(metadata.date);
  pdf.setModificationDate(metadata.date);

  // One reading of the structure for every step below (none of them adds an element).
  const tree = structureTree(pdf);
  stabiliseStructureIds(pdf, tree);
  describeLinks(pdf, input.links);
  repairStructure(pdf, tree);
  const claims = conformance(pdf, tree, input.standard);
  if (claims.claims.archive) writeOutputIntent(pdf);
  writeXmp(pdf, { ...metadata, producer, claims: claims.claims });
  writePageLabels(pdf, input.frontPages);
  writeOutline(pdf, input.outline, input.map.destinations);

  const id = createHash('sha256').update(metadata.identity).digest('hex').slice(0, 32);
  const idArray = pdf.context.obj([PDFHexString.of(id), PDFHexString.of(id)]) as PDFArray;
  pdf.context.trailerInfo.ID = idArray;
  // Object streams: a third smaller, and three times faster to write.
  const bytes = await pdf.save({ useObjectStreams: true, objectsPerTick: Infinity });
  return { bytes, conformance: claims };
}
