import type { Nodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** One unit a reader sees change: a paragraph, list item, table row, heading, callout line, code. */
export interface Block {
  kind: string;
  /** What the block says, whitespace collapsed: reflowing a paragraph changes nothing. */
  text: string;
  /** Where it starts in the chapter's source (offset), to find it again in the chapter's tree. */
  start: number;
  /** The section it is in: the text of the closest `##` (or deeper) heading above it. */
  section?: string;
}

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkDirective);

/**
 * A chapter's Markdown as the blocks a change is reported on. Containers (lists, tables,
 * quotes, callouts, footnotes) are split into what they hold, so one reworded list item
 * marks that item, not the whole list.
 */
export function blocksOf(markdown: string): Block[] {
  const tree = parser.parse(markdown) as Root;
  const blocks: Block[] = [];
  let section: string | undefined;
  const add = (node: Nodes, kind: string, text: string) => {
    const start = node.position?.start.offset;
    const said = text.replace(/\s+/g, ' ').trim();
    if (start === undefined || !said) return;
    blocks.push({ kind, text: said, start, ...(section ? { section } : {}) });
  };
  const visit = (nodes: RootContent[]) => {
    for (const node of nodes) {
      switch (node.type) {
        case 'heading':
          if (node.depth >= 2) section = toString(node).trim();
          add(node, `h${node.depth}`, toString(node));
          break;
        case 'list':
          for (const item of node.children) add(item, 'item', toString(item));
          break;
        case 'table':
          for (const row of node.children)
            add(row, 'row', row.children.map((cell) => toString(cell)).join(' | '));
          break;
        case 'blockquote':
        case 'containerDirective':
        case 'footnoteDefinition':
          visit(node.children);
          break;
        case 'code':
          add(node, 'code', `${node.lang ?? ''}\n${node.value}`);
          break;
        case 'math':
        case 'html':
          add(node, node.type, node.value);
          break;
        case 'paragraph':
          add(node, 'paragraph', paragraphText(node));
          break;
        default:
          break;
      }
    }
  };
  visit(tree.children);
  return blocks;
}

/** A paragraph's words, and the addresses of its links and images, which are part of it. */
function paragraphText(node: Nodes): string {
  const targets: string[] = [];
  const walk = (n: Nodes) => {
    if (n.type === 'link' || n.type === 'image') targets.push(n.url);
    if ('children' in n) for (const child of n.children) walk(child as Nodes);
  };
  walk(node);
  return [toString(node, { includeImageAlt: true }), ...targets].join(' ');
}
