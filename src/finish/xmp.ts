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
  /** The standards the file claims to meet (finish/conformance.ts decides). */
  claims?: Claims;
  /** What the document is among its editions: "Draft of 1 December 2026, 9ef378a". */
  label?: string;
}

export interface Claims {
  /** PDF/UA part (ISO 14289-1). */
  ua?: 1;
  /** PDF/A part and conformance level (ISO 19005-2: A accessible, U Unicode, B basic). */
  archive?: { part: 2; conformance: 'A' | 'U' | 'B' };
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
    fields.label ? `<xmp:Label>${escapeXml(fields.label)}</xmp:Label>` : '',
  ].filter(Boolean);
  const xml = [
    // The packet header's id is fixed by the XMP specification; no random bytes.
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    ...properties,
    `</rdf:Description>`,
    ...claimed(fields.claims ?? {}),
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

/**
 * The identification of PDF/A and PDF/UA. PDF/A accepts only the schemas it knows in XMP,
 * so the PDF/UA one is described in the extension schema PDF/A defines for that.
 */
function claimed(claims: Claims): string[] {
  const out: string[] = [];
  if (claims.archive)
    out.push(
      `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">`,
      `<pdfaid:part>${claims.archive.part}</pdfaid:part>`,
      `<pdfaid:conformance>${claims.archive.conformance}</pdfaid:conformance>`,
      `</rdf:Description>`,
    );
  if (claims.ua) {
    out.push(
      `<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">`,
      `<pdfuaid:part>${claims.ua}</pdfuaid:part>`,
      `</rdf:Description>`,
    );
    if (claims.archive) out.push(UA_EXTENSION_SCHEMA);
  }
  return out;
}

const UA_EXTENSION_SCHEMA = [
  `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">`,
  `<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">`,
  `<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>`,
  `<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>`,
  `<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>`,
  `<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">`,
  `<pdfaProperty:name>part</pdfaProperty:name>`,
  `<pdfaProperty:valueType>Integer</pdfaProperty:valueType>`,
  `<pdfaProperty:category>internal</pdfaProperty:category>`,
  `<pdfaProperty:description>Indicates which part of ISO 14289 the document conforms to</pdfaProperty:description>`,
  `</rdf:li></rdf:Seq></pdfaSchema:property>`,
  `</rdf:li></rdf:Bag></pdfaExtension:schemas>`,
  `</rdf:Description>`,
].join('\n');

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
