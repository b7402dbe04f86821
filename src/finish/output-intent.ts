import { PDFName, PDFString, type PDFDocument } from 'pdf-lib';
import { SRGB_PROFILE_NAME, srgbProfile } from './srgb-profile.ts';

/**
 * The colour space the document's device colours mean, for PDF/A: Chromium paints in
 * DeviceRGB, which an sRGB output intent makes unambiguous to a printer or an archive.
 */
export function writeOutputIntent(pdf: PDFDocument): void {
  const profile = pdf.context.flateStream(srgbProfile(), { N: 3 });
  const intent = pdf.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_PROFILE_NAME),
    Info: PDFString.of(SRGB_PROFILE_NAME),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: pdf.context.register(profile),
  });
  pdf.catalog.set(PDFName.of('OutputIntents'), pdf.context.obj([intent]));
}
