import { PDFName, type PDFDict, type PDFDocument } from 'pdf-lib';
import { allElements, type StructElement } from './structure-tree.ts';

/**
 * What Chromium's tagging gets wrong for an accessible PDF, put right in place:
 * - an HTML `<figure>` becomes a Figure holding the image's own Figure and the Caption:
 *   the outer one has no alternative text and nothing of its own to describe, so it is
 *   the grouping element it stands for (Div), and the image inside keeps its Alt;
 * - a page with links gets the tab order of its structure (/Tabs /S), as PDF/UA asks.
 */
export function repairStructure(pdf: PDFDocument, tree: StructElement[]): void {
  for (const element of allElements(tree)) {
    if (element.role !== 'Figure' || element.holdsContent || hasAlternative(element.dict)) continue;
    if (element.children.length === 0) continue;
    element.dict.set(PDFName.of('S'), PDFName.of('Div'));
    element.role = 'Div';
  }
  for (const page of pdf.getPages()) {
    if ((page.node.Annots()?.size() ?? 0) > 0) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  }
}

/** Whether an element says what it shows: an /Alt or an /ActualText that is not empty. */
export function hasAlternative(dict: PDFDict): boolean {
  return ['Alt', 'ActualText'].some((key) => {
    const value = dict.get(PDFName.of(key));
    return value !== undefined && !/^\(\s*\)$|^<(FEFF)?>$/i.test(value.toString());
  });
}
