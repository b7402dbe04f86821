import { inflateSync } from 'node:zlib';
import { PDFDict, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';

/** A bfchar or bfrange entry of a ToUnicode map whose target is U+0000. */
const TO_ZERO = /<[0-9A-Fa-f]{2,4}>\s*(?:<[0-9A-Fa-f]{2,4}>\s*)?<0000>/g;

/**
 * Glyphs whose ToUnicode entry is U+0000: Chromium writes that for joined forms of some
 * scripts (Arabic dots and marks), covering them with ActualText in the page. PDF/A-2u and
 * PDF/UA want a real value for every glyph, so such a file claims neither.
 */
export function glyphsWithoutUnicode(pdf: PDFDocument): { glyphs: number; fonts: string[] } {
  let glyphs = 0;
  const fonts = new Set<string>();
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type'))?.toString() !== '/Font')
      continue;
    const map = object.lookup(PDFName.of('ToUnicode'));
    if (!(map instanceof PDFRawStream)) continue;
    const zero = cmapText(map).match(TO_ZERO)?.length ?? 0;
    if (zero === 0) continue;
    glyphs += zero;
    // "/AAAAAA+NotoSansArabic-Bold" → "NotoSansArabic-Bold": the subset tag says nothing.
    const name = object.get(PDFName.of('BaseFont'))?.toString() ?? '/a font';
    fonts.add(name.replace(/^\/(?:[A-Z]{6}\+)?/, ''));
  }
  return { glyphs, fonts: [...fonts] };
}

function cmapText(stream: PDFRawStream): string {
  const filter = stream.dict.get(PDFName.of('Filter'))?.toString() ?? '';
  try {
    const bytes = filter.includes('FlateDecode') ? inflateSync(stream.contents) : stream.contents;
    return Buffer.from(bytes).toString('latin1');
  } catch {
    // A map that does not inflate maps nothing we can read: it is not counted here.
    return '';
  }
}
