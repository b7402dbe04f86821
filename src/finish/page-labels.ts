import { PDFName, PDFNumber, type PDFDict, type PDFDocument } from 'pdf-lib';
import { toRoman } from './numbering.ts';

/** `/PageLabels`: lower-case roman for the front matter, decimal from 1 for the body. */
export function writePageLabels(pdf: PDFDocument, frontPages: number): void {
  const pageCount = pdf.getPageCount();
  const nums: (PDFNumber | PDFDict)[] = [];
  const style = (s: string) => pdf.context.obj({ S: PDFName.of(s) }) as PDFDict;
  if (frontPages > 0) nums.push(PDFNumber.of(0), style('r'));
  if (frontPages < pageCount) nums.push(PDFNumber.of(frontPages), style('D'));
  const labels = pdf.context.obj({}) as PDFDict;
  labels.set(PDFName.of('Nums'), pdf.context.obj(nums));
  pdf.catalog.set(PDFName.of('PageLabels'), labels);
}

/** The label a reader sees for a 0-based page index, as /PageLabels numbers it. */
export function pageLabel(index: number, frontPages: number): string {
  return index < frontPages ? toRoman(index + 1) : String(index - frontPages + 1);
}
