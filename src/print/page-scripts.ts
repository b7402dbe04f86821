// What the printer does inside a loaded page. These run through the DevTools protocol, not as
// page scripts: the page's JavaScript stays off. They are serialised as source, so no named
// functions or `const f = () =>` inside (tsx would wrap them in a helper the page lacks).
// Document methods are taken from its prototype: an element named `getElementById` (or
// `head`, `fonts` …) in a chapter can never stand in for them.
import type { PageFill } from '../model/page-numbers.ts';

/** Names the printer uses in the page; chosen not to clash with a theme's. */
export interface DraftNames {
  pageCssId: string;
  styleId: string;
  markClass: string;
  hrefAttribute: string;
  markUrl: string;
}

export interface SlotNames {
  targetAttribute: string;
  textAttribute: string;
  pageCssId: string;
  reserveClass: string;
}

/**
 * Make a loaded piece of the document printable on its own. It holds the chapters
 * `chapterIds`; of the body's children, it keeps those from the one holding the first
 * chapter to the one holding the last (the first piece from the start, the last to the
 * end: what a theme writes around its chapters is printed once). A link to a target not in
 * this piece leads to `xrefUrl + fragment` (merge-pieces.ts turns it back); every target it
 * holds that any piece links to (`linked`) gets a hidden link, so that its PDF names a
 * destination for it. False when the chapters cannot be found as separate children of the
 * body: then the document is printed whole.
 */
export const keepPiece = (
  chapterIds: string[],
  first: boolean,
  last: boolean,
  linked: string[],
  xrefUrl: string,
): boolean => {
  const body = Object.getOwnPropertyDescriptor(Document.prototype, 'body')!.get!.call(
    document,
  ) as HTMLElement;
  const blocks: Element[] = [];
  for (const id of chapterIds) {
    let block = Document.prototype.getElementById.call(document, id) as Element | null;
    while (block && block.parentElement !== body) block = block.parentElement;
    if (!block || blocks.includes(block)) return false;
    blocks.push(block);
  }
  const children = [...body.children];
  const at = blocks.map((b) => children.indexOf(b));
  if (at.length === 0 || at.some((n, i) => i > 0 && n <= at[i - 1]!)) return false;
  const start = first ? 0 : at[0]!;
  const end = last ? children.length : at[at.length - 1]! + 1;
  children.forEach((child, i) => {
    if (i < start || i >= end) child.remove();
  });
  // Which fragments name an element this piece holds (decoded as the browser does).
  const held = new Set<string>();
  for (const fragment of new Set([
    ...linked,
    ...[...Document.prototype.querySelectorAll.call(document, 'a[href^="#"]')].map((a) =>
      a.getAttribute('href')!.slice(1),
    ),
  ])) {
    let id = fragment;
    try {
      id = decodeURIComponent(fragment);
    } catch {
      // keep the raw fragment
    }
    if (Document.prototype.getElementById.call(document, id)) held.add(fragment);
  }
  for (const link of Document.prototype.querySelectorAll.call(document, 'a[href^="#"]')) {
    const fragment = link.getAttribute('href')!.slice(1);
    if (!held.has(fragment)) link.setAttribute('href', xrefUrl + fragment);
  }
  const nav = Document.prototype.createElement.call(document, 'nav') as HTMLElement;
  nav.hidden = true;
  for (const fragment of held) {
    const link = Document.prototype.createElement.call(document, 'a') as HTMLAnchorElement;
    link.setAttribute('href', `#${fragment}`);
    nav.append(link);
  }
  body.append(nav);
  return true;
};

/** Turn the loaded piece into a draft (see Printer.beginDraft); returns its targets. */
export const beginDraft = (draft: DraftNames, draftPageCss: string): string[] => {
  const targets = new Map<string, number>();
  for (const link of Document.prototype.querySelectorAll.call(
    document,
    'a[href^="#"]',
  ) as NodeListOf<HTMLAnchorElement>) {
    const href = link.getAttribute('href')!;
    link.setAttribute(draft.hrefAttribute, href);
    link.removeAttribute('href');
    let id = href.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // keep the raw fragment
    }
    if (!targets.has(id)) targets.set(id, targets.size);
  }
  // A marker is a zero-width float (2px tall, so that its link cannot sit on the edge
  // of the previous page) holding a link to a numbered URL: it moves nothing,
  // and Chromium writes a link annotation for it on the page where it lands.
  for (const [id, n] of targets) {
    const mark = Document.prototype.createElement.call(document, 'a') as HTMLAnchorElement;
    mark.className = draft.markClass;
    mark.href = `${draft.markUrl}${n}`;
    mark.textContent = '\u00a7';
    // Into the target's first line: a float at the very start of a box that begins a
    // page may be laid out at the foot of the page before.
    let holder = Document.prototype.getElementById.call(document, id);
    while (
      holder?.firstElementChild &&
      ![...holder.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim() !== '')
    ) {
      holder = holder.firstElementChild as HTMLElement;
    }
    holder?.prepend(mark);
  }
  // The draft's page rules have no margin boxes (they cost time on every page and
  // move nothing); the fill writes the full rules back.
  const pageCss = Document.prototype.getElementById.call(
    document,
    draft.pageCssId,
  ) as HTMLStyleElement | null;
  if (pageCss) pageCss.textContent = draftPageCss;
  // The page's policy applies only styles carrying its nonce.
  const style = Document.prototype.createElement.call(document, 'style') as HTMLStyleElement;
  style.nonce = pageCss?.nonce ?? '';
  style.id = draft.styleId;
  style.textContent = `body * { visibility: hidden !important; }
    body .${draft.markClass} { float: left; width: 0; height: 2px; overflow: visible;
      white-space: nowrap; visibility: visible !important; font: 4px/0 monospace; }`;
  (
    Object.getOwnPropertyDescriptor(Document.prototype, 'head')!.get!.call(
      document,
    ) as HTMLHeadElement
  ).append(style);
  return [...targets.keys()];
};

/** End the draft and write the page numbers and the full page rules into the piece. */
export const fillNumbers = (slots: SlotNames, draft: DraftNames, fill: PageFill): void => {
  Document.prototype.getElementById.call(document, draft.styleId)?.remove();
  for (const mark of Document.prototype.querySelectorAll.call(document, `.${draft.markClass}`))
    mark.remove();
  for (const link of Document.prototype.querySelectorAll.call(
    document,
    `[${draft.hrefAttribute}]`,
  )) {
    link.setAttribute('href', link.getAttribute(draft.hrefAttribute)!);
    link.removeAttribute(draft.hrefAttribute);
  }
  const style = Document.prototype.getElementById.call(document, slots.pageCssId);
  if (style) style.textContent = fill.pageCss;
  for (const slot of Document.prototype.querySelectorAll.call(
    document,
    `[${slots.targetAttribute}]`,
  ) as NodeListOf<HTMLElement>) {
    const label = fill.labels[slot.getAttribute(slots.targetAttribute)!] ?? '00';
    const text = slot.getAttribute(slots.textAttribute) ?? '{page}';
    slot.textContent = text.replace('{page}', label);
  }
  if (fill.reserve !== undefined) {
    for (const reserve of Document.prototype.querySelectorAll.call(
      document,
      `.${slots.reserveClass}`,
    ))
      reserve.textContent = fill.reserve;
  }
};
