import type { Book, Chapter } from '../model/book.ts';
import { openedBy } from '../model/parts.ts';
import { FRONT_ANCHORS } from '../render/print-edition.ts';
import { printId } from '../render/print-content.ts';
import { chapterNumbers } from '../render/view-model.ts';
import type { OutlineItem } from './outline.ts';

/** Bookmarks for the handbook: front matter, then parts holding chapters holding sections. */
export function outlineItems(book: Book): OutlineItem[] {
  const numbers = chapterNumbers(book);
  const { words } = book.config;
  const items: OutlineItem[] = [
    { title: words.cover, target: FRONT_ANCHORS.cover, children: [] },
    { title: words.documentControl, target: FRONT_ANCHORS.control, children: [] },
    ...(book.changes
      ? [{ title: words.summaryOfChanges, target: FRONT_ANCHORS.changes, children: [] }]
      : []),
    { title: words.contents, target: FRONT_ANCHORS.contents, children: [] },
  ];
  const partItems = new Map<string, OutlineItem>();
  const byPath = new Map(book.parts.map((p) => [p.path, p]));
  const listFor = (partPath: string | undefined, firstChapter: Chapter): OutlineItem[] => {
    if (!partPath) return items;
    const existing = partItems.get(partPath);
    if (existing) return existing.children;
    const part = byPath.get(partPath);
    if (!part) return items;
    const item: OutlineItem = {
      title: part.title,
      target: printId(firstChapter.id),
      open: true,
      children: [],
    };
    partItems.set(partPath, item);
    listFor(part.parent, firstChapter).push(item);
    return item.children;
  };
  for (const chapter of book.chapters) {
    const chapterItem: OutlineItem = {
      title: `${numbers.get(chapter.id)}. ${chapter.title}`,
      target: printId(chapter.id),
      children: sectionItems(chapter, book.config.pdf.tocDepth),
    };
    const part = chapter.part === undefined ? undefined : byPath.get(chapter.part);
    const list = listFor(chapter.part, chapter);
    // A part that is its opening chapter under the same name: one bookmark, the chapter's,
    // holding its sections and then the rest of the part.
    const holder = part ? partItems.get(part.path) : undefined;
    if (part && holder && openedBy(part, chapter)) {
      holder.title = chapterItem.title;
      holder.children.push(...chapterItem.children);
      continue;
    }
    list.push(chapterItem);
  }
  return items;
}

/** A chapter's headings from depth 2 to `maxDepth`, nested by depth. */
function sectionItems(chapter: Chapter, maxDepth: number): OutlineItem[] {
  const root: OutlineItem[] = [];
  const stack: { depth: number; children: OutlineItem[] }[] = [{ depth: 1, children: root }];
  for (const heading of chapter.headings) {
    if (heading.depth < 2 || heading.depth > maxDepth) continue;
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= heading.depth) stack.pop();
    const item: OutlineItem = {
      title: heading.text,
      target: printId(chapter.id, heading.id),
      children: [],
    };
    stack[stack.length - 1]!.children.push(item);
    stack.push({ depth: heading.depth, children: item.children });
  }
  return root;
}

/** What each link target of the print is called: the front matter's pages, chapters, headings. */
export function targetTitles(book: Book): Map<string, string> {
  const numbers = chapterNumbers(book);
  const { words } = book.config;
  const titles = new Map<string, string>([
    [FRONT_ANCHORS.cover, words.cover],
    [FRONT_ANCHORS.control, words.documentControl],
    [FRONT_ANCHORS.changes, words.summaryOfChanges],
    [FRONT_ANCHORS.contents, words.contents],
  ]);
  for (const chapter of book.chapters) {
    titles.set(printId(chapter.id), `${numbers.get(chapter.id)}. ${chapter.title}`);
    for (const heading of chapter.headings)
      titles.set(printId(chapter.id, heading.id), heading.text);
  }
  return titles;
}
