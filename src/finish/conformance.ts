import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFDocument } from 'pdf-lib';
import { linkAnnotations } from './link-contents.ts';
import { hasAlternative } from './structure-repairs.ts';
import { allElements, type StructElement } from './structure-tree.ts';
import { glyphsWithoutUnicode } from './unicode-map.ts';
import type { Claims } from './xmp.ts';

export type Standard = 'auto' | 'none';

export interface Conformance {
  claims: Claims;
  /** Why PDF/UA is not claimed: what the finished file still lacks. Empty when claimed. */
  withheld: string[];
}

/**
 * What the PDF may honestly claim, read from the finished file: PDF/UA-1 and PDF/A-2a when
 * every condition we can check holds; PDF/A-2u when only the structure falls short (its
 * text still has Unicode, its colours an intent, its fonts are embedded); PDF/A-2b when
 * some glyph has no Unicode value; and the reasons.
 */
export function conformance(
  pdf: PDFDocument,
  tree: StructElement[],
  standard: Standard,
): Conformance {
  if (standard === 'none') return { claims: {}, withheld: [] };
  const unmapped = glyphsWithoutUnicode(pdf);
  const withheld = [
    ...(unmapped.glyphs > 0
      ? [
          `${unmapped.glyphs} ${unmapped.glyphs === 1 ? 'glyph' : 'glyphs'} of ${unmapped.fonts.join(', ')} without a Unicode value (Chromium leaves them unmapped)`,
        ]
      : []),
    ...accessibilityProblems(pdf, tree),
  ];
  if (withheld.length === 0)
    return { claims: { ua: 1, archive: { part: 2, conformance: 'A' } }, withheld };
  const level = unmapped.glyphs > 0 ? 'B' : 'U';
  return { claims: { archive: { part: 2, conformance: level } }, withheld };
}

/** The conditions of PDF/UA-1 that a machine can check and that our printing could miss. */
export function accessibilityProblems(pdf: PDFDocument, tree: StructElement[]): string[] {
  const problems: string[] = [];
  const count = (n: number, one: string, many: string) =>
    n > 0 && problems.push(`${n} ${n === 1 ? one : many}`);
  if (tree.length === 0) return ['no structure tree (the PDF is not tagged)'];
  if (!pdf.catalog.get(PDFName.of('Lang'))) problems.push('no document language');
  const elements = [...allElements(tree)];
  count(
    elements.filter((e) => e.role === 'Figure' && !hasAlternative(e.dict)).length,
    'figure without alternative text',
    'figures without alternative text',
  );
  count(
    elements.filter((e) => e.role === 'TH' && !hasScope(pdf, e.dict)).length,
    'table header cell without a scope',
    'table header cells without a scope',
  );
  let previous = 0;
  let skips = 0;
  for (const e of elements) {
    const level = /^H([1-6])$/.exec(e.role)?.[1];
    if (!level) continue;
    if (Number(level) > previous + 1) skips++;
    previous = Number(level);
  }
  count(skips, 'heading that skips a level', 'headings that skip a level');
  const links = linkAnnotations(pdf);
  const untold = links.filter((a) => !a.has(PDFName.of('Contents'))).length;
  const untagged = links.filter(
    (a) => !(a.get(PDFName.of('StructParent')) instanceof PDFNumber),
  ).length;
  count(untold, 'link that does not say where it goes', 'links that do not say where they go');
  count(untagged, 'link outside the structure', 'links outside the structure');
  return problems;
}

/** A TH's scope, in its attributes (one dictionary or an array of them). */
function hasScope(pdf: PDFDocument, th: PDFDict): boolean {
  const attributes = th.lookup(PDFName.of('A'));
  const list =
    attributes instanceof PDFArray ? attributes.asArray() : attributes ? [attributes] : [];
  return list.some((a) => {
    const dict = pdf.context.lookup(a);
    return dict instanceof PDFDict && dict.has(PDFName.of('Scope'));
  });
}
