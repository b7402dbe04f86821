import type { Link, List, ListItem, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { safeDecode } from '../paths.ts';
import type { TocItem } from './format.ts';

const parser = unified().use(remarkParse);

/**
 * mdBook's and GitBook's `SUMMARY.md` as a table of contents: links before the first list
 * open the book (prefix chapters), `# Part` headings start parts, nested list items nest,
 * a `---` ends the numbered chapters, `[Draft]()` is a draft entry. Paths are relative to
 * the summary's folder.
 */
export function parseSummary(text: string, options: { listsOnly?: boolean } = {}): TocItem[] {
  const tree = parser.parse(text) as Root;
  // A folder's nav file (MkDocs' literate-nav) is a page too: only its lists are the nav.
  if (options.listsOnly)
    return tree.children.flatMap((n) => (n.type === 'list' ? listItems(n) : []));
  const top: TocItem[] = [];
  let part: (TocItem & { kind: 'part' }) | undefined;
  const into = () => (part ? part.children : top);
  tree.children.forEach((node: RootContent, index) => {
    if (node.type === 'heading') {
      const title = toString(node).trim();
      // The book's own title line ("# Summary") is not a part.
      if (index === 0 && /^summary$/i.test(title)) return;
      part = {
        kind: 'part',
        title,
        children: [],
        ...(node.position ? { position: node.position } : {}),
      };
      top.push(part);
    } else if (node.type === 'thematicBreak') {
      // What follows a separator are suffix chapters, outside every part.
      part = undefined;
    } else if (node.type === 'list') {
      into().push(...listItems(node));
    } else if (node.type === 'paragraph') {
      for (const child of node.children)
        if (child.type === 'link') into().push(...entry(child, []));
    }
  });
  return top;
}

function listItems(list: List): TocItem[] {
  return list.children.flatMap((item: ListItem) => {
    const nested = item.children.filter((c): c is List => c.type === 'list').flatMap(listItems);
    const head = item.children.find((c) => c.type === 'paragraph');
    const link =
      head?.type === 'paragraph'
        ? head.children.find((c): c is Link => c.type === 'link')
        : undefined;
    if (link) return entry(link, nested, item);
    // An entry without a link groups its children, as a part would.
    const title = head ? toString(head).trim() : '';
    if (!title) return nested;
    return [
      {
        kind: 'part',
        title,
        children: nested,
        ...(item.position ? { position: item.position } : {}),
      } as TocItem,
    ];
  });
}

/** A linked entry; a draft (`[Title]()`) is noted, and its children stand in its place. */
function entry(link: Link, children: TocItem[], at: ListItem | Link = link): TocItem[] {
  const title = toString(link).trim();
  const position = at.position ? { position: at.position } : {};
  const url = link.url.replace(/[?#].*$/, '');
  if (url === '') return [{ kind: 'draft', title, ...position }, ...children];
  return [
    { kind: 'chapter', path: safeDecode(url).replace(/^\.\//, ''), title, children, ...position },
  ];
}
