import { createRequire } from 'node:module';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

type Katex = typeof import('katex').default;
/** KaTeX takes 60 ms to load: loaded for the first formula, not by every build. */
let katex: Katex | undefined;
const typesetter = () => (katex ??= createRequire(import.meta.url)('katex') as Katex);

/**
 * Math typeset at build time by KaTeX, as HTML (what the reader sees) and MathML (what a
 * screen reader and the tagged PDF read): `$…$` and `$$…$$` (remark-math) and ```` ```math ````
 * fences. No script reaches the page. A formula KaTeX cannot read is a warning with its
 * own message, and prints as the code it was written as.
 *
 * As on GitHub, `$` followed or preceded by a space does not delimit math, so that
 * "between $5 and $10" stays text.
 */
export default function rehypeMath() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const display = node.tagName === 'pre' && isMath(node.children[0]);
      if (!display && !(node.tagName === 'code' && isMath(node))) return undefined;
      const source = toString(node);
      const written = writtenAs(node, file) ?? `$${source}$`;
      if (!display && /^\$+\s|\s\$+$/.test(written)) {
        parent.children[index] = { type: 'text', value: written };
        return SKIP;
      }
      try {
        const html = typesetter().renderToString(source, {
          displayMode: display,
          output: 'htmlAndMathml',
          throwOnError: true,
          // An author's formula may not link, include or run anything, nor grow without end.
          trust: false,
          maxSize: 100,
          maxExpand: 1000,
          strict: 'ignore',
        });
        const rendered = fromHtml(html, { fragment: true }).children as ElementContent[];
        parent.children.splice(index, 1, ...rendered);
        return [SKIP, index + rendered.length];
      } catch (error) {
        addWarning(
          file,
          `KaTeX could not typeset this formula: ${katexReason(error)}; it prints as written`,
          node.position,
          'math',
        );
        // Printed as the code it was written as, without a second warning about its language.
        const code = display ? (node.children[0] as Element) : node;
        code.properties.className = ['language-text'];
        return SKIP;
      }
    });
  };
}

/** The source text of a node, dollars included (remark-math trims one space inside them). */
function writtenAs(node: Element, file: VFile): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined || typeof file.value !== 'string') return undefined;
  return file.value.slice(start, end);
}

function isMath(node: ElementContent | undefined): boolean {
  if (node?.type !== 'element' || node.tagName !== 'code') return false;
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.includes('language-math');
}

/** KaTeX's message without its "KaTeX parse error: " prefix. */
function katexReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^KaTeX parse error:\s*/, '').replace(/\s+/g, ' ');
}
