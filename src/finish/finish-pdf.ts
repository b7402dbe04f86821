import { createHash } from 'node:crypto';
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFArray,
  type PDFDict,
} from 'pdf-lib';
import { markUntaggedAsArtifacts } from './artifacts.ts';
import { writeOutline, type OutlineItem } from './outline.ts';
import type { PageMap } from './page-map.ts';
import { stabiliseStructureIds } from './stable-ids.ts';
import { writeXmp, type XmpFields } from './xmp.ts';

export interface PdfMetadata extends Omit<XmpFields, 'producer'> {
  /** Bytes that identify the document's content; its PDF /ID is derived from them. */
  identity: string;
}

export interface FinishInput {
  /** The final print, loaded (its destinations were read from it already). */
  pdf: PDFDocument;
  map: PageMap;
  frontPages: number;
  outline: OutlineItem[];
  metadata: PdfMetadata;
}

/**
 * Stage 5: what Chromium does not write. Metadata (Info and XMP), page labels that match the printed
 * numbers (i, ii, iii, then 1, 2, 3), bookmarks in the handbook's structure and a /ID
 * derived from the content, so two builds of the same sources are byte-identical.
 */
export async function finishPdf(input: FinishInput): Promise<Uint8Array> {
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
  writeXmp(pdf, { ...metadata, producer });

  stabiliseStructureIds(pdf);
  markUntaggedAsArtifacts(pdf);
  writePageLabels(pdf, input.frontPages, pdf.getPageCount());
  writeOutline(pdf, input.outline, input.map.destinations);

  const id = createHash('sha256').update(metadata.identity).digest('hex').slice(0, 32);
  const idArray = pdf.context.obj([PDFHexString.of(id), PDFHexString.of(id)]) as PDFArray;
  pdf.context.trailerInfo.ID = idArray;
  // Object streams: a third smaller, and three times faster to write.
  return pdf.save({ useObjectStreams: true, objectsPerTick: Infinity });
}

/** `/PageLabels`: lower-case roman for the front matter, decimal from 1 for the body. */
function writePageLabels(pdf: PDFDocument, frontPages: number, pageCount: number): void {
  const nums: (PDFNumber | PDFDict)[] = [];
  const style = (s: string) => pdf.context.obj({ S: PDFName.of(s) }) as PDFDict;
  if (frontPages > 0) nums.push(PDFNumber.of(0), style('r'));
  if (frontPages < pageCount) nums.push(PDFNumber.of(frontPages), style('D'));
  const labels = pdf.context.obj({}) as PDFDict;
  labels.set(PDFName.of('Nums'), pdf.context.obj(nums));
  pdf.catalog.set(PDFName.of('PageLabels'), labels);
}
