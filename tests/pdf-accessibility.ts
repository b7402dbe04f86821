import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { markedContent, paginationArtifacts } from './pdf-marked-content.ts';

/**
 * Our own reading of the machine-checkable conditions of PDF/UA-1 (the Matterhorn
 * Protocol) and PDF/A-2 that apply to what we print, as there is no veraPDF on these
 * machines. Written apart from the build's code (over pdf-lib and pdf.js), so that it
 * checks the file and not our intentions. Each check lists what fails; [] is a pass.
 */
export const CHECKS = [
  'tagged',
  'language',
  'title',
  'ua-identification',
  'a-identification',
  'output-intent',
  'untagged-content',
  'pagination-artifacts',
  'link-contents',
  'link-structure',
  'figure-alt',
  'heading-order',
  'header-scope',
  'structure-ids',
  'fonts',
  'tab-order',
] as const;
export type Check = (typeof CHECKS)[number];
export type Report = Record<Check, string[]>;

export async function accessibilityReport(file: string): Promise<Report> {
  const pdf = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const report = Object.fromEntries(CHECKS.map((c) => [c, [] as string[]])) as Report;
  const fail = (check: Check, what: string) => report[check].push(what);
  const look = (o: PDFObject | undefined) => (o instanceof PDFRef ? pdf.context.lookup(o) : o);
  const catalog = pdf.catalog;

  const marked = look(catalog.get(PDFName.of('MarkInfo')));
  if (!(marked instanceof PDFDict) || String(marked.get(PDFName.of('Marked'))) !== 'true')
    fail('tagged', 'MarkInfo /Marked is not true');
  const root = look(catalog.get(PDFName.of('StructTreeRoot')));
  if (!(root instanceof PDFDict)) fail('tagged', 'no StructTreeRoot');
  if (!catalog.get(PDFName.of('Lang'))) fail('language', 'no /Lang in the catalog');

  const xmp = metadataText(pdf);
  if (!/<dc:title>[\s\S]*?<rdf:li[^>]*>[^<]+<\/rdf:li>/.test(xmp)) fail('title', 'no dc:title');
  const prefs = look(catalog.get(PDFName.of('ViewerPreferences')));
  if (!(prefs instanceof PDFDict) || String(prefs.get(PDFName.of('DisplayDocTitle'))) !== 'true')
    fail('title', 'DisplayDocTitle is not true');
  if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp)) fail('ua-identification', 'no pdfuaid:part 1');
  if (
    /pdfuaid:part/.test(xmp) &&
    /pdfaid:part/.test(xmp) &&
    !/pdfaSchema:prefix>pdfuaid</.test(xmp)
  )
    fail('ua-identification', 'pdfuaid is not described in a PDF/A extension schema');
  if (!/<pdfaid:part>2<\/pdfaid:part>/.test(xmp) || !/<pdfaid:conformance>[AU]</.test(xmp))
    fail('a-identification', 'no pdfaid:part 2 with a conformance level');

  const intents = look(catalog.get(PDFName.of('OutputIntents')));
  const intent = intents instanceof PDFArray ? look(intents.get(0)) : undefined;
  const profile =
    intent instanceof PDFDict ? look(intent.get(PDFName.of('DestOutputProfile'))) : undefined;
  if (!(intent instanceof PDFDict) || String(intent.get(PDFName.of('S'))) !== '/GTS_PDFA1')
    fail('output-intent', 'no GTS_PDFA1 output intent');
  else if (!(profile instanceof PDFRawStream)) fail('output-intent', 'no DestOutputProfile');
  else {
    const icc = Buffer.from(streamBytes(profile));
    if (icc.toString('latin1', 36, 40) !== 'acsp') fail('output-intent', 'the profile is not ICC');
    if (icc.toString('latin1', 16, 20) !== 'RGB ') fail('output-intent', 'the profile is not RGB');
    if (String(profile.dict.get(PDFName.of('N'))) !== '3') fail('output-intent', '/N is not 3');
  }

  const pages = await markedContent(file);
  pages.forEach((p, i) => {
    if (p.untaggedText > 0) fail('untagged-content', `page ${i + 1}: ${p.untaggedText} text runs`);
  });
  // pdf.js does not give an artifact's type: the content streams are read for it.
  if ((await paginationArtifacts(file)) < pages.length)
    fail('pagination-artifacts', 'fewer pagination artifacts than pages');

  // The parent tree maps each annotation's /StructParent to the element holding it.
  const parents = new Map<number, PDFObject | undefined>();
  if (root instanceof PDFDict)
    for (const [key, value] of treeEntries(root.get(PDFName.of('ParentTree')), 'Nums', look))
      if (key instanceof PDFNumber) parents.set(key.asNumber(), value);

  pdf.getPages().forEach((page, index) => {
    const annots = page.node.Annots();
    if (!annots || annots.size() === 0) return;
    if (String(page.node.get(PDFName.of('Tabs'))) !== '/S') fail('tab-order', `page ${index + 1}`);
    for (let i = 0; i < annots.size(); i++) {
      const annot = look(annots.get(i));
      if (!(annot instanceof PDFDict) || String(annot.get(PDFName.of('Subtype'))) !== '/Link')
        continue;
      const where = `page ${index + 1}, link ${i + 1}`;
      const contents = annot.get(PDFName.of('Contents'));
      if (!contents || /^\(\)$|^<(FEFF)?>$/.test(String(contents))) fail('link-contents', where);
      const key = annot.get(PDFName.of('StructParent'));
      const parent = key instanceof PDFNumber ? parents.get(key.asNumber()) : undefined;
      if (!(parent instanceof PDFDict) || String(parent.get(PDFName.of('S'))) !== '/Link')
        fail('link-structure', where);
    }
  });

  let previous = 0;
  // Element ids (a table header's, which its cells name in /Headers): each one in the
  // /IDTree, naming that element.
  const ids = new Map<string, PDFDict>();
  const headers: string[] = [];
  const walk = (node: PDFObject | undefined) => {
    const value = look(node);
    if (value instanceof PDFArray) return value.asArray().forEach(walk);
    if (!(value instanceof PDFDict)) return;
    const id = value.get(PDFName.of('ID'));
    if (id instanceof PDFString || id instanceof PDFHexString) ids.set(id.decodeText(), value);
    const attributes = look(value.get(PDFName.of('A')));
    for (const a of attributes instanceof PDFArray
      ? attributes.asArray().map(look)
      : [attributes]) {
      const named = a instanceof PDFDict ? look(a.get(PDFName.of('Headers'))) : undefined;
      if (named instanceof PDFArray)
        for (const h of named.asArray())
          if (h instanceof PDFString || h instanceof PDFHexString) headers.push(h.decodeText());
    }
    const role = String(value.get(PDFName.of('S')) ?? '').slice(1);
    if (
      role === 'Figure' &&
      !hasText(value.get(PDFName.of('Alt'))) &&
      !hasText(value.get(PDFName.of('ActualText')))
    )
      fail('figure-alt', `a Figure without Alt`);
    const level = /^H([1-6])$/.exec(role)?.[1];
    if (level) {
      if (Number(level) > previous + 1) fail('heading-order', `H${previous} then H${level}`);
      previous = Number(level);
    }
    if (role === 'TH' && !hasScope(look(value.get(PDFName.of('A'))), look))
      fail('header-scope', 'a TH without /Scope');
    const kids = value.get(PDFName.of('K'));
    if (kids && !(kids instanceof PDFNumber)) walk(kids);
  };
  if (root instanceof PDFDict) walk(root.get(PDFName.of('K')));
  const tree = new Map<string, PDFObject | undefined>();
  if (root instanceof PDFDict)
    for (const [key, value] of treeEntries(root.get(PDFName.of('IDTree')), 'Names', look))
      if (key instanceof PDFString || key instanceof PDFHexString)
        tree.set(key.decodeText(), value);
  for (const [id, element] of ids)
    if (tree.get(id) !== element) fail('structure-ids', `${id} is not in the IDTree`);
  for (const [id, element] of tree)
    if (ids.get(id) !== element) fail('structure-ids', `the IDTree's ${id} names another element`);
  for (const id of headers)
    if (!tree.has(id)) fail('structure-ids', `a cell names the header ${id}, which is not there`);

  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || String(object.get(PDFName.of('Type'))) !== '/Font')
      continue;
    const subtype = String(object.get(PDFName.of('Subtype')));
    if (subtype === '/CIDFontType2' || subtype === '/CIDFontType0') continue; // read via their Type0
    const name = String(object.get(PDFName.of('BaseFont')) ?? subtype);
    const toUnicode = look(object.get(PDFName.of('ToUnicode')));
    if (!(toUnicode instanceof PDFRawStream)) fail('fonts', `${name} has no ToUnicode`);
    else {
      const map = Buffer.from(streamBytes(toUnicode)).toString('latin1');
      const zero = map.match(/<[0-9A-F]+>\s*(<[0-9A-F]+>\s*)?<0000>/gi)?.length ?? 0;
      if (zero > 0) fail('fonts', `${name} maps ${zero} glyphs to U+0000`);
    }
    if (subtype === '/Type3') continue;
    const descendants = look(object.get(PDFName.of('DescendantFonts')));
    const font = descendants instanceof PDFArray ? look(descendants.get(0)) : object;
    const descriptor =
      font instanceof PDFDict ? look(font.get(PDFName.of('FontDescriptor'))) : undefined;
    const embedded =
      descriptor instanceof PDFDict &&
      ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.get(PDFName.of(k)));
    if (!embedded) fail('fonts', `${name} is not embedded`);
  }
  return report;
}

/** A number or name tree's entries (`Nums` or `Names`), its leaves and kids alike. */
function treeEntries(
  node: PDFObject | undefined,
  leaves: 'Nums' | 'Names',
  look: (o: PDFObject | undefined) => PDFObject | undefined,
): [PDFObject, PDFObject | undefined][] {
  const dict = look(node);
  if (!(dict instanceof PDFDict)) return [];
  const found: [PDFObject, PDFObject | undefined][] = [];
  const pairs = look(dict.get(PDFName.of(leaves)));
  if (pairs instanceof PDFArray)
    for (let i = 0; i + 1 < pairs.size(); i += 2)
      found.push([pairs.get(i), look(pairs.get(i + 1))]);
  const kids = look(dict.get(PDFName.of('Kids')));
  if (kids instanceof PDFArray)
    for (const kid of kids.asArray()) found.push(...treeEntries(kid, leaves, look));
  return found;
}

/** The checks that fail, with what fails: {} when the file passes all. */
export function failures(report: Report): Partial<Report> {
  return Object.fromEntries(Object.entries(report).filter(([, list]) => list.length > 0));
}

function metadataText(pdf: PDFDocument): string {
  const stream = pdf.catalog.lookup(PDFName.of('Metadata'));
  return stream instanceof PDFRawStream ? Buffer.from(streamBytes(stream)).toString('utf8') : '';
}

function streamBytes(stream: PDFRawStream): Uint8Array {
  const filter = String(stream.dict.get(PDFName.of('Filter')) ?? '');
  return filter.includes('FlateDecode') ? inflateSync(stream.contents) : stream.contents;
}

function hasText(value: PDFObject | undefined): boolean {
  return value !== undefined && !/^\(\s*\)$|^<(FEFF)?>$/i.test(String(value));
}

function hasScope(
  attributes: PDFObject | undefined,
  look: (o: PDFObject | undefined) => PDFObject | undefined,
): boolean {
  const list =
    attributes instanceof PDFArray ? attributes.asArray() : attributes ? [attributes] : [];
  return list.some((a) => {
    const dict = look(a);
    return dict instanceof PDFDict && dict.get(PDFName.of('Scope')) !== undefined;
  });
}

/** The languages the structure elements declare (/Lang), besides the document's own. */
export async function elementLanguages(file: string): Promise<string[]> {
  const pdf = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const found = new Set<string>();
  const walk = (node: PDFObject | undefined) => {
    const value = node instanceof PDFRef ? pdf.context.lookup(node) : node;
    if (value instanceof PDFArray) return value.asArray().forEach(walk);
    if (!(value instanceof PDFDict) || !value.has(PDFName.of('S'))) return;
    const lang = value.lookup(PDFName.of('Lang'));
    if (lang && 'decodeText' in lang) found.add((lang.decodeText as () => string)());
    walk(value.get(PDFName.of('K')));
  };
  const root = pdf.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (root instanceof PDFDict) walk(root.get(PDFName.of('K')));
  return [...found];
}
