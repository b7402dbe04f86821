import { PDFName, type PDFDocument } from 'pdf-lib';

export interface XmpFields {
  title: string;
  author?: string;
  subject?: string;
  keywords: string[];
  language: string;
  creator: string;
  producer: string;
  /** Creation and modification date: fixed, so the same sources give the same bytes. */
  date: Date;
}

/**
 * The document's metadata as an XMP stream in the catalog. PDF 2.0 deprecates the Info
 * dictionary, and archives, document-management systems and accessibility checkers read
 * XMP first; both carry the same values.
 */
export function writeXmp(pdf: PDFDocument, fields: XmpFields): void {
  const date = fields.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const alt = (value: string) =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt>`;
  const properties = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(fields.title)}</dc:title>`,
    fields.author
      ? `<dc:creator><rdf:Seq><rdf:li>${escapeXml(fields.author)}</rdf:li></rdf:Seq></dc:creator>`
      : '',
    fields.subject ? `<dc:description>${alt(fields.subject)}</dc:description>` : '',
    fields.keywords.length > 0
      ? `<dc:subject><rdf:Bag>${fields.keywords.map((k) => `<rdf:li>${escapeXml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`
      : '',
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(fields.language)}</rdf:li></rdf:Bag></dc:language>`,
    fields.keywords.length > 0
      ? `<pdf:Keywords>${escapeXml(fields.keywords.join(', '))}</pdf:Keywords>`
      : '',
    `<pdf:Producer>${escapeXml(fields.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${escapeXml(fields.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
  ].filter(Boolean);
  const xml = [
    // The packet header's id is fixed by the XMP specification; no random bytes.
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    ...properties,
    `</rdf:Description>`,
    `</rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ].join('\n');
  // Uncompressed, as the specification recommends, so that tools that do not parse PDF
  // can still find it.
  const stream = pdf.context.stream(new TextEncoder().encode(xml), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(stream));
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
