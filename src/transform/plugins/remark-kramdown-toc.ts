import type { List, ListItem, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** kramdown's marker: a one-item list (`1. TOC` or `* TOC`) with `{:toc}` under it. */
const MARKER = /^\s*[^\n]*\n?\s*\{:\s*toc\s*\}\s*$/;

/**
 * kramdown's table of contents (`1. TOC` then `{:toc}`, on nearly every page of a Jekyll
 * site in Just the Docs) becomes the list of the chapter's sections it stands for, each a
 * link to its heading, nested by level; headings marked `{: .no_toc }` are left out.
 * Runs after remark-heading-ids, so the links go to the ids the headings have.
 */
export default function remarkKramdownToc() {
  return (tree: Root, file: VFile) => {
    if (!/\{:\s*toc\s*\}/.test(String(file.data.markdown ?? file.value))) return;
    visit(tree, 'list', (list: List, index, parent) => {
      if (!parent || index === undefined || list.children.length !== 1) return;
      if (!MARKER.test(toString(list.children[0]!, { includeImageAlt: false }))) return;
      parent.children.splice(index, 1, ...sections(tree, list.ordered === true));
      return index;
    });
  };
}

function sections(tree: Root, ordered: boolean): List[] {
  const top: List = { type: 'list', ordered, spread: false, children: [] };
  // The list each level adds to, the shallowest heading's first.
  const open: { depth: number; list: List }[] = [];
  visit(tree, 'heading', (heading) => {
    const id = heading.data?.hProperties?.id;
    const skipped = (heading.data as { noToc?: boolean } | undefined)?.noToc;
    if (heading.depth < 2 || skipped || typeof id !== 'string') return;
    while (open.length > 0 && open.at(-1)!.depth >= heading.depth) open.pop();
    const into = open.at(-1)?.list ?? top;
    const item: ListItem = {
      type: 'listItem',
      spread: false,
      children: [
        {
          type: 'paragraph',
          children: [
            { type: 'link', url: `#${id}`, children: [{ type: 'text', value: toString(heading) }] },
          ],
        },
      ],
    };
    into.children.push(item);
    const nested: List = { type: 'list', ordered, spread: false, children: [] };
    item.children.push(nested);
    open.push({ depth: heading.depth, list: nested });
  });
  // Lists that no deeper heading filled are dropped.
  visit(top, 'listItem', (item) => {
    item.children = item.children.filter((c) => c.type !== 'list' || c.children.length > 0);
  });
  return top.children.length > 0 ? [top] : [];
}
