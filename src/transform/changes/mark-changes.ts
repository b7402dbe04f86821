import type { Element, ElementContent, Parents, Root } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { Book } from '../../model/book.ts';
import type { Block } from './blocks.ts';
import type { ChapterComparison } from './compare.ts';
import { changeAnchor, type ComparedEdition } from './edition-changes.ts';

/** The elements a block of each kind becomes (a paragraph holding only an image, a figure). */
const ELEMENTS: Record<string, string[]> = {
  paragraph: ['p', 'figure'],
  item: ['li'],
  row: ['tr'],
  code: ['pre', 'figure', 'div'],
  math: ['div', 'span', 'figure'],
};

/**
 * Mark in each chapter's tree what changed: `data-change="added|changed|moved"` and an id on
 * every such block (both editions draw a bar beside it, the summary links to it), and
 * where blocks were deleted, a `change-deleted` element holding their text in `<del>`
 * (the HTML edition shows it on request, the PDF prints a small mark in its place).
 */
export function markChanges(book: Book, compared: ComparedEdition): void {
  for (const chapter of book.chapters) {
    const found = compared.chapters.get(chapter.id);
    if (!chapter.hast || !found) continue;
    const ids = markChapter(chapter.hast, found.blocks, found.comparison);
    // A heading keeps the id it has: the summary links to that one.
    const entry = compared.changes.chapters.find((c) => c.chapterId === chapter.id);
    for (const section of entry?.sections ?? [])
      section.anchor = ids.get(section.anchor) ?? section.anchor;
  }
}

/** Mark one chapter; returns the id each change anchor ended up as. */
function markChapter(
  tree: Root,
  blocks: Block[],
  comparison: ChapterComparison,
): Map<string, string> {
  const ids = new Map<string, string>();
  const located = locate(tree, blocks);
  for (const [index, kind] of comparison.changed) {
    const element = located[index]?.element;
    if (!element) continue;
    element.properties.dataChange = kind;
    element.properties.id ??= changeAnchor(index);
    ids.set(changeAnchor(index), String(element.properties.id));
  }
  // Deletions last, from the end, so that inserting does not move what is still to insert.
  for (const deletion of [...comparison.deleted].sort((a, b) => b.before - a.before)) {
    const at = located[deletion.before] ?? located[blocks.length - 1];
    const after = deletion.before >= blocks.length;
    const mark = deletedMark(
      at?.element.tagName,
      deletion.texts,
      changeAnchor(deletion.before, true),
    );
    if (!at) {
      tree.children.push(mark);
      continue;
    }
    const siblings = at.parent.children;
    const position = siblings.indexOf(at.element);
    siblings.splice(after ? position + 1 : position, 0, mark);
  }
  return ids;
}

/** Each block's element in the tree, found by where its source starts. */
function locate(
  tree: Root,
  blocks: Block[],
): ({ element: Element; parent: Parents } | undefined)[] {
  const byOffset = new Map<number, { element: Element; parent: Parents }[]>();
  visitParents(tree, 'element', (element: Element, ancestors) => {
    const offset = element.position?.start.offset;
    if (offset === undefined) return;
    const list = byOffset.get(offset) ?? [];
    list.push({ element, parent: ancestors.at(-1)! });
    byOffset.set(offset, list);
  });
  return blocks.map((block) => {
    const candidates = byOffset.get(block.start) ?? [];
    const wanted = block.kind.startsWith('h') ? [block.kind] : (ELEMENTS[block.kind] ?? []);
    return candidates.find((c) => wanted.includes(c.element.tagName)) ?? candidates[0];
  });
}

/** The deleted text, in an element that fits where it goes: in a list an item, in a table a row. */
function deletedMark(beside: string | undefined, texts: string[], id: string): Element {
  const del: Element = {
    type: 'element',
    tagName: 'del',
    properties: {},
    children: [{ type: 'text', value: texts.join(' … ') }],
  };
  const holder = (tagName: string, children: ElementContent[]): Element => ({
    type: 'element',
    tagName,
    properties: { className: ['change-deleted'], dataChange: 'deleted', id },
    children,
  });
  if (beside === 'li') return holder('li', [del]);
  if (beside === 'tr')
    return holder('tr', [
      { type: 'element', tagName: 'td', properties: { colSpan: 99 }, children: [del] },
    ]);
  return holder('div', [del]);
}
