// hName / hProperties on mdast data come from mdast-util-to-hast's type augmentation.
import type {} from 'mdast-util-to-hast';
import type { Blockquote, Code, Paragraph, Parent, Root, RootContent } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Point } from 'unist';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

declare module 'vfile' {
  interface DataMap {
    /** MkDocs admonitions read as callouts (for the summary). */
    admonitions: number;
  }
}

const OPENING = /^(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+"([^"]*)")?[ \t]*$/;

/** MkDocs' (and Material's) admonition types as our callout kinds. */
const KINDS: Record<string, string> = {
  note: 'note',
  abstract: 'note',
  summary: 'note',
  tldr: 'note',
  info: 'note',
  todo: 'note',
  question: 'note',
  help: 'note',
  faq: 'note',
  example: 'note',
  quote: 'note',
  cite: 'note',
  seealso: 'note',
  tip: 'tip',
  hint: 'tip',
  success: 'tip',
  check: 'tip',
  done: 'tip',
  important: 'important',
  warning: 'warning',
  attention: 'warning',
  caution: 'caution',
  failure: 'caution',
  fail: 'caution',
  missing: 'caution',
  danger: 'caution',
  error: 'caution',
  bug: 'caution',
};

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).freeze();

/**
 * MkDocs admonitions: `!!! warning "Title"` with its content indented below becomes our
 * callout of that kind (`??? note` a collapsed one the reader opens, `???+` an open
 * one). Markdown reads the indented content as a code block; it is read again as the
 * Markdown it is, its positions kept where the author wrote them.
 */
export default function remarkAdmonitions() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    if (!source.includes('!!!') && !source.includes('???')) return;
    visit(tree, (node) => {
      if (!('children' in node)) return;
      const parent = node as Parent;
      for (let i = 0; i < parent.children.length; i++) {
        const paragraph = parent.children[i]!;
        if (paragraph.type !== 'paragraph') continue;
        const first = paragraph.children[0];
        if (first?.type !== 'text') continue;
        const lineEnd = first.value.indexOf('\n');
        const opening = OPENING.exec(lineEnd < 0 ? first.value : first.value.slice(0, lineEnd));
        if (!opening) continue;
        const [, marker, type = 'note', title] = opening;
        // The content's first lines, indented, continue the opening's paragraph.
        const lead: Paragraph | undefined =
          lineEnd < 0 && paragraph.children.length === 1
            ? undefined
            : {
                type: 'paragraph',
                children: [
                  ...(lineEnd < 0
                    ? []
                    : [
                        {
                          ...first,
                          value: first.value.slice(lineEnd + 1).replace(/^[ \t]+/gm, ''),
                        },
                      ]),
                  ...paragraph.children.slice(1),
                ],
              };
        let taken = 1;
        const content: RootContent[] = lead ? [lead] : [];
        for (
          let next = parent.children[i + taken];
          next?.type === 'code' && isIndented(next as Code, source);
          next = parent.children[i + taken]
        ) {
          content.push(...reparse(next as Code));
          taken++;
        }
        const kind = KINDS[type.toLowerCase()] ?? 'note';
        const collapsible = marker!.startsWith('???');
        const heading: Paragraph = {
          type: 'paragraph',
          children:
            title === ''
              ? []
              : [{ type: 'text', value: title ?? type[0]!.toUpperCase() + type.slice(1) }],
          data: {
            hName: collapsible ? 'summary' : 'p',
            hProperties: { className: ['callout-title'] },
          },
        };
        const callout: Blockquote = {
          type: 'blockquote',
          children: [
            ...(title === '' && !collapsible ? [] : [heading]),
            ...(content as Blockquote['children']),
          ],
          data: {
            hName: collapsible ? 'details' : 'div',
            hProperties: {
              className: ['callout', `callout-${kind}`],
              ...(collapsible ? {} : { role: 'note' }),
              ...(marker === '???+' ? { open: true } : {}),
            },
          },
          ...(paragraph.position ? { position: paragraph.position } : {}),
        };
        parent.children.splice(i, taken, callout as RootContent as Paragraph);
        file.data.admonitions = (file.data.admonitions ?? 0) + 1;
      }
    });
  };
}

/** Indented code (four spaces), not a fence: what an admonition's content looks like. */
function isIndented(code: Code, source: string): boolean {
  const start = code.position?.start.offset;
  return (
    start !== undefined &&
    !/^[ \t]*(```|~~~)/.test(source.slice(start, source.indexOf('\n', start)))
  );
}

/** The indented content as Markdown, each node placed where it is in the chapter. */
function reparse(code: Code): RootContent[] {
  const tree = parser.parse(code.value) as Root;
  const start = code.position?.start;
  visit(tree, (node) => {
    if (!node.position || !start) {
      delete node.position;
      return;
    }
    node.position = {
      start: shift(node.position.start, start),
      end: shift(node.position.end, start),
    };
  });
  return tree.children;
}

/** A point of the re-read content in the chapter: lines after the code block's start, four columns in. */
function shift(point: Point, start: Point): Point {
  return { line: point.line + start.line - 1, column: point.column + 4 };
}
