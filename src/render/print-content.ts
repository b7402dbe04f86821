import { createHash } from 'node:crypto';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { SKIP, visit } from 'unist-util-visit';
import { safeDecode } from '../load/paths.ts';
import type { Chapter } from '../model/book.ts';
import { PRINT_SLOTS, type PageNumbers } from '../model/page-numbers.ts';

/** What a page number looks like before the first print has measured it. */
export const PAGE_PLACEHOLDER = '00';

/** Digits every page-number slot reserves unless the handbook is expected to be longer. */
export const SLOT_DIGITS = 3;

/** The print edition's id for an anchor inside a chapter: unique across the handbook. */
export function printId(chapterId: string, anchor?: string): string {
  const id = anchor ? `${chapterId}--${anchor}` : chapterId;
  // Each id becomes a named destination of the PDF, which Chromium writes percent-encoded:
  // a Persian heading's would pass the 127 bytes a PDF name may have. Those get a short
  // name of their own, the same in every print.
  if (/^[\x21-\x7e]{1,64}$/.test(id)) return id;
  return `d-${createHash('sha1').update(id).digest('hex').slice(0, 16)}`;
}

export interface PrintContentOptions {
  chapterIds: Set<string>;
  /** Each chapter's title anchor (`#crlf` for `# CRLF`): links to it lead to the chapter. */
  titleIds: Map<string, string>;
  numbers?: PageNumbers;
  /** The cross-reference suffix, `{page}` replaced by the target's page. */
  crossReference: string;
  /** How many digits a cross-reference reserves for its page number. */
  slotDigits: number;
  /** Chapters rendered earlier in this build, reused with other numbers (see `withNumbers`). */
  memo?: PrintContentMemo;
}

/** A chapter's print HTML with placeholders in its slots, and the target of each slot. */
interface PlaceholderHtml {
  html: string;
  targets: string[];
}

/** One build's chapters rendered for print, by chapter and slot width. */
export type PrintContentMemo = Map<string, PlaceholderHtml>;

const PAGE_LINK = /^([a-z0-9][a-z0-9-]*)\.html(?:#(.*))?$/;

/**
 * A chapter's HTML for the print edition: ids namespaced by chapter, links between pages
 * turned into links inside the one document, each followed by the page it leads to, and
 * remote images replaced by their alt text (the print never fetches from the network).
 */
export function printChapterHtml(chapter: Chapter, options: PrintContentOptions): string {
  const key = `${chapter.id}\0${options.slotDigits}`;
  let rendered = options.memo?.get(key);
  if (!rendered) {
    rendered = withPlaceholders(chapter, options);
    options.memo?.set(key, rendered);
  }
  if (!options.numbers) return rendered.html;
  // Should a chapter's own markup ever look like a slot (the sanitiser keeps neither the
  // class nor the attributes today), the count is off: it is rendered afresh instead.
  return (
    withNumbers(rendered, options.numbers, options.crossReference) ??
    withPlaceholders(chapter, options, options.numbers).html
  );
}

/**
 * The numbers written into a placeholder rendering's slots, as a rendering with them would
 * have it: each slot's text is its template with the label, escaped as hast-util-to-html
 * escapes text. The document is rendered once per build, not once per print, this way.
 */
function withNumbers(
  { html, targets }: PlaceholderHtml,
  numbers: PageNumbers,
  crossReference: string,
): string | undefined {
  const { template } = slotTemplate(crossReference);
  let slot = 0;
  const filled = html.replace(SLOT_TEXT, (_, open: string) => {
    const page = numbers.labels[targets[slot++] ?? ''] ?? PAGE_PLACEHOLDER;
    return `${open}${toHtml({ type: 'text', value: template.replace('{page}', page) })}</span>`;
  });
  return slot === targets.length ? filled : undefined;
}

/**
 * A slot's text as rendered: attribute values never hold a `"`, text never a `<`, so the
 * match ends where the slot does.
 */
const SLOT_TEXT = new RegExp(
  `(<span class="${PRINT_SLOTS.textClass}" ${PRINT_SLOTS.targetAttribute}="[^"]*" ${PRINT_SLOTS.textAttribute}="[^"]*">)[^<]*</span>`,
  'g',
);

/** The chapter rendered for print, its slots holding `numbers` (placeholders without). */
function withPlaceholders(
  chapter: Chapter,
  options: PrintContentOptions,
  numbers?: PageNumbers,
): PlaceholderHtml {
  const targets: string[] = [];
  if (!chapter.hast) return { html: '', targets };
  const tree = structuredClone(chapter.hast) as Root;
  visit(tree, 'element', (node: Element, index, parent) => {
    const { properties } = node;
    // On paper a wide table cannot be scrolled: its scrolling wrapper goes.
    if (
      node.tagName === 'section' &&
      (properties.className as string[] | undefined)?.includes('table-wrap')
    ) {
      if (parent && index !== undefined) {
        parent.children.splice(index, 1, ...node.children);
        return [SKIP, index];
      }
    }
    // A drawing's ids are its own (made from its text, its styles and markers refer to
    // them) and unique in any document already: left as they are.
    if (node.tagName === 'svg' && /^diagram-[0-9a-f]+$/.test(String(properties.id))) return SKIP;
    // Paper cannot be clicked open: a collapsed block is printed open.
    if (node.tagName === 'details') properties.open = true;
    if (typeof properties.id === 'string') properties.id = printId(chapter.id, properties.id);
    if (Array.isArray(properties.ariaDescribedBy)) {
      properties.ariaDescribedBy = properties.ariaDescribedBy.map((id) =>
        printId(chapter.id, String(id)),
      );
    }
    if (
      node.tagName === 'img' &&
      typeof properties.src === 'string' &&
      /^(https?:)?\/\//i.test(properties.src)
    ) {
      if (!parent || index === undefined) return;
      const alt = typeof properties.alt === 'string' && properties.alt ? properties.alt : 'image';
      parent.children[index] = span('remote-image', `[${alt}]`);
      return SKIP;
    }
    if (node.tagName !== 'a' || typeof properties.href !== 'string') return;
    const target = linkTarget(properties.href, chapter.id, options);
    if (!target) return;
    properties.href = `#${encodeURIComponent(target)}`;
    const footnote =
      properties.dataFootnoteRef !== undefined || properties.dataFootnoteBackref !== undefined;
    if (footnote || !parent || index === undefined) return;
    const added = crossReference(target, options, numbers);
    targets.push(target);
    parent.children.splice(index + 1, 0, ...added);
    return [SKIP, index + 1 + added.length];
  });
  return { html: toHtml(tree), targets };
}

/**
 * What follows a link inside the handbook: ` (p. 14)`, in a slot whose width does not depend
 * on the number. The slot overlays the text on a hidden copy holding the widest number it
 * reserves (`(p. 000)`), so a draft printed with placeholders lays out exactly as the final
 * document, and the first print with real numbers is the last. Leading spaces stay outside,
 * where the line may break.
 */
function crossReference(
  target: string,
  options: PrintContentOptions,
  numbers?: PageNumbers,
): ElementContent[] {
  const { space, template } = slotTemplate(options.crossReference);
  const page = numbers?.labels[target] ?? PAGE_PLACEHOLDER;
  const text = span(PRINT_SLOTS.textClass, template.replace('{page}', page));
  text.properties[toProperty(PRINT_SLOTS.targetAttribute)] = target;
  text.properties[toProperty(PRINT_SLOTS.textAttribute)] = template;
  const reserve = span(PRINT_SLOTS.reserveClass, reservedText(template, options.slotDigits));
  reserve.properties.ariaHidden = 'true';
  const slot: Element = {
    type: 'element',
    tagName: 'span',
    properties: { className: ['xref-page'] },
    children: [reserve, text],
  };
  return space ? [{ type: 'text', value: space }, slot] : [slot];
}

/** `pdf.crossReference` split into its leading spaces and the template its slot holds. */
export function slotTemplate(crossReference: string): { space: string; template: string } {
  const [, space = '', template = ''] = /^(\s*)([\s\S]*)$/.exec(crossReference)!;
  return { space, template };
}

/** A slot's template with the widest number it holds: `(p. {page})` → `(p. 000)`. */
export function reservedText(template: string, digits: number): string {
  return template.replace('{page}', '0'.repeat(digits));
}

/** The print id a link leads to, when it leads inside the handbook. */
function linkTarget(
  href: string,
  chapterId: string,
  options: PrintContentOptions,
): string | undefined {
  const match = href.startsWith('#') ? [href, chapterId, href.slice(1)] : PAGE_LINK.exec(href);
  if (!match || !options.chapterIds.has(match[1]!)) return undefined;
  const anchor = match[2] ? safeDecode(match[2]) : undefined;
  return anchor && anchor !== options.titleIds.get(match[1]!)
    ? printId(match[1]!, anchor)
    : printId(match[1]!);
}

function span(className: string, text: string): Element {
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: [className] },
    children: [{ type: 'text', value: text }],
  };
}

/** `data-page-of` → `dataPageOf`, the hast property name of a data attribute. */
function toProperty(attribute: string): string {
  return attribute.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
