// hName / hProperties on mdast data come from mdast-util-to-hast's type augmentation.
import type {} from 'mdast-util-to-hast';
import type {
  Blockquote,
  Heading,
  Paragraph,
  Parent,
  PhrasingContent,
  Root,
  RootContent,
} from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { CALLOUT_KINDS as KINDS, CALLOUTS, calloutData, calloutTitle } from './remark-callouts.ts';

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
      // A block: a paragraph that is only a list applies to the block it touches, the one
      // before it first (`{: .lead}` after a paragraph), else the one after it (`{: .note }`
      // over a blockquote, as Just the Docs writes its callouts).
      for (let i = parent.children.length - 1; i >= 0; i--) {
        const paragraph = parent.children[i]!;
        if (paragraph.type !== 'paragraph') continue;
        const first = paragraph.children[0];
        if (first?.type !== 'text') continue;
        const alone = paragraph.children.length === 1 ? ALONE.exec(first.value) : null;
        if (alone) {
          const previous = parent.children[i - 1];
          const next = parent.children[i + 1];
          parent.children.splice(i, 1);
          if (previous && (touching(previous, paragraph) || !next || !touching(paragraph, next)))
            applyList(parent, i - 1, alone[1]!);
          else if (next) applyList(parent, i, alone[1]!);
          continue;
        }
        // kramdown's list on the paragraph's own first line, or its last.
        const leading = /^[ \t]*(\{:[^}\n]*\})[ \t]*\n/.exec(first.value);
        if (leading && LIST.test(leading[1]!)) {
          first.value = first.value.slice(leading[0].length);
          applyList(parent, i, LIST.exec(leading[1]!)![1]!);
          continue;
        }
        const last = paragraph.children[paragraph.children.length - 1]!;
        const trailing =
          last.type === 'text' ? /\n[ \t]*(\{:[^}\n]*\})[ \t]*$/.exec(last.value) : null;
        if (last.type === 'text' && trailing && LIST.test(trailing[1]!)) {
          last.value = last.value.slice(0, trailing.index);
          applyList(parent, i, LIST.exec(trailing[1]!)![1]!);
        }
      }
    });
  };
}

/** Whether `b` starts on the line after `a` ends: no blank line between them. */
function touching(a: RootContent, b: RootContent): boolean {
  return a.position !== undefined && b.position?.start.line === a.position.end.line + 1;
}

/**
 * A block's list: its id, and a callout's class (`.note`, `.warning` …, Just the Docs'
 * `.note-title` over a blockquote whose first paragraph is the title) makes the block our
 * callout of the nearest kind.
 */
function applyList(parent: Parent, index: number, list: string): void {
  const node = parent.children[index] as RootContent | undefined;
  if (!node) return;
  setId(node, list);
  const classes = [...list.matchAll(/(?:^|\s)\.([\w-]+)/g)].map((m) => m[1]!.toLowerCase());
  // kramdown's `.no_toc`: a heading its `{:toc}` leaves out (remark-kramdown-toc).
  if (node.type === 'heading' && classes.includes('no_toc'))
    node.data = { ...node.data, noToc: true } as typeof node.data;
  const named = classes.find((c) => KINDS[c.replace(/-title$/, '')]);
  if (!named) return;
  const kind = KINDS[named.replace(/-title$/, '')]!;
  const quote: Blockquote =
    node.type === 'blockquote' ? node : { type: 'blockquote', children: [node as Paragraph] };
  const titled = named.endsWith('-title') && quote.children[0]?.type === 'paragraph';
  quote.children.unshift(
    calloutTitle(titled ? (quote.children.shift() as Paragraph) : CALLOUTS[kind]!),
  );
  quote.data = {
    ...quote.data,
    ...calloutData(kind, quote.data?.hProperties as Record<string, unknown> | undefined),
  };
  parent.children[index] = quote as (typeof parent.children)[number];
}

function setId(node: { data?: unknown }, list: string): void {
  const id = /(?:^|\s)#([\w:-]+)/.exec(list)?.[1];
  if (!id) return;
  const data = (node.data ??= {}) as { hProperties?: Record<string, unknown> };
  data.hProperties = { ...data.hProperties, id };
}
