// hName / hProperties on mdast data come from mdast-util-to-hast's type augmentation.
import type {} from 'mdast-util-to-hast';
import type { Heading, Parent, PhrasingContent, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** `{#id .class key=value}`, `{: #id }` (kramdown), `{ #id }` (Python-Markdown's attr_list). */
const LIST =
  /\{:?[ \t]*((?:[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+))(?:[ \t]+(?:[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)))*)[ \t]*\}/;
const AT_END = new RegExp(`[ \\t]*${LIST.source}[ \\t]*$`);
const AT_START = new RegExp(`^${LIST.source}`);
const ALONE = new RegExp(`^[ \\t]*${LIST.source}[ \\t]*$`);

/**
 * Attribute lists, as kramdown (Jekyll), MkDocs' attr_list and Hugo write them: on a
 * heading (`## Setup {#setup}`) they set its id; after an inline element
 * (`**locale**{ #mkdocs-locale }`) the element's; on a line of their own after a block
 * (`{: .lead}`), the block's. The id is kept, so links to it work; classes and other
 * attributes would be removed by the sanitiser anyway, and are dropped here with the text.
 */
export default function remarkAttributeLists() {
  return (tree: Root, file: VFile) => {
    if (!/\{:?[ \t]*[#.:]/.test(String(file.data.markdown ?? file.value))) return;
    visit(tree, (node) => {
      if (node.type === 'heading') {
        const heading = node as Heading;
        const last = heading.children[heading.children.length - 1];
        if (last?.type !== 'text') return;
        const match = AT_END.exec(last.value);
        if (!match) return;
        last.value = last.value.slice(0, match.index);
        setId(heading, match[1]!);
        return;
      }
      if (!('children' in node)) return;
      const parent = node as Parent;
      // Inline: a list right after an element applies to that element.
      for (let i = 1; i < parent.children.length; i++) {
        const text = parent.children[i]!;
        const before = parent.children[i - 1]!;
        if (text.type !== 'text' || before.type === 'text') continue;
        const match = AT_START.exec(text.value);
        if (!match) continue;
        text.value = text.value.slice(match[0].length);
        setId(before as PhrasingContent, match[1]!);
      }
      // A block: a paragraph that is only a list applies to the block before it.
      for (let i = parent.children.length - 1; i >= 0; i--) {
        const paragraph = parent.children[i]!;
        if (paragraph.type !== 'paragraph' || paragraph.children.length !== 1) continue;
        const only = paragraph.children[0]!;
        if (only.type !== 'text') continue;
        const alone = ALONE.exec(only.value);
        if (alone) {
          const previous = parent.children[i - 1];
          if (previous) setId(previous, alone[1]!);
          parent.children.splice(i, 1);
          continue;
        }
        // kramdown's list on the paragraph's own last line.
        const trailing = /\n[ \t]*(\{:[^}\n]*\})[ \t]*$/.exec(only.value);
        if (trailing && LIST.test(trailing[1]!)) {
          only.value = only.value.slice(0, trailing.index);
          setId(paragraph, LIST.exec(trailing[1]!)![1]!);
        }
      }
    });
  };
}

function setId(node: { data?: unknown }, list: string): void {
  const id = /(?:^|\s)#([\w:-]+)/.exec(list)?.[1];
  if (!id) return;
  const data = (node.data ??= {}) as { hProperties?: Record<string, unknown> };
  data.hProperties = { ...data.hProperties, id };
}
