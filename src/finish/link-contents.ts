import {
  PDFDict,
  PDFHexString,
  PDFName,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';
import { safeDecode } from '../load/paths.ts';

export interface LinkDescriber {
  /** What a link to this named destination leads to, as a reader would say it. */
  destination(name: string): string | undefined;
}

/**
 * PDF/UA wants every link annotation to say where it goes in its /Contents: a screen
 * reader offers it when the link's own text ("see here") does not say. A link inside the
 * handbook says the heading it leads to and its page, a link out says its address.
 */
export function describeLinks(pdf: PDFDocument, describer: LinkDescriber): void {
  for (const annot of linkAnnotations(pdf)) {
    if (annot.has(PDFName.of('Contents'))) continue;
    const text = describe(annot, describer);
    if (text) annot.set(PDFName.of('Contents'), PDFHexString.fromText(text));
  }
}

/** Every link annotation of the document, page by page. */
export function linkAnnotations(pdf: PDFDocument): PDFDict[] {
  const links: PDFDict[] = [];
  for (const page of pdf.getPages()) {
    const annots = page.node.Annots();
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots!.lookup(i);
      if (annot instanceof PDFDict && annot.get(PDFName.of('Subtype'))?.toString() === '/Link')
        links.push(annot);
    }
  }
  return links;
}

function describe(annot: PDFDict, describer: LinkDescriber): string | undefined {
  const action = annot.lookup(PDFName.of('A'));
  if (action instanceof PDFDict) {
    const uri = text(action.lookup(PDFName.of('URI')));
    if (uri) return uri;
    const goTo = destinationName(action.lookup(PDFName.of('D')));
    return goTo === undefined ? undefined : describer.destination(goTo);
  }
  const name = destinationName(annot.lookup(PDFName.of('Dest')));
  return name === undefined ? undefined : describer.destination(name);
}

/** A named destination as Chromium writes it: a name, percent-encoded where it must be. */
function destinationName(dest: PDFObject | undefined): string | undefined {
  if (dest instanceof PDFName) return safeDecode(dest.decodeText());
  return text(dest);
}

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString
    ? value.decodeText()
    : undefined;
}
