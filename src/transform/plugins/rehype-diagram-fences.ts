import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** What marks a diagram waiting to be drawn (transform/diagrams/), and what it holds. */
export const DIAGRAM = {
  className: 'diagram',
  /** The diagram language: `mermaid`. */
  kind: 'dataDiagram',
  /** The fence's text alternative, from `alt="…"`. */
  alt: 'dataDiagramAlt',
  /** Where the fence starts in its chapter, for messages about the diagram. */
  line: 'dataDiagramLine',
  column: 'dataDiagramColumn',
} as const;

/**
 * A ```` ```mermaid ```` fence becomes a figure waiting for its drawing: the code block
 * stays inside it (what prints if the diagram cannot be drawn), `title="…"` becomes its
 * numbered caption and `alt="…"` its text alternative. The drawing itself needs a browser
 * and is done for the whole book at once, after the transform.
 */
export default function rehypeDiagramFences() {
  return (tree: Root) => {
    visit(tree, 'element', (pre: Element, index, parent) => {
      const code = pre.children[0];
      if (pre.tagName !== 'pre' || code?.type !== 'element' || code.tagName !== 'code') return;
      const classes = code.properties.className;
      if (!Array.isArray(classes) || !classes.includes('language-mermaid')) return;
      if (!parent || index === undefined) return;
      const data = code.data as { meta?: string } | undefined;
      const meta = data?.meta ?? '';
      const title = attribute(meta, 'title');
      const alt = attribute(meta, 'alt');
      // The title is the figure's caption, not the code block's (rehype-highlight).
      code.data = { ...data, meta: '' } as Element['data'];
      const start = pre.position?.start;
      const children: ElementContent[] = [pre];
      if (title)
        children.push({
          type: 'element',
          tagName: 'figcaption',
          properties: {},
          children: [{ type: 'text', value: title }],
        });
      parent.children[index] = {
        type: 'element',
        tagName: 'figure',
        properties: {
          className: [DIAGRAM.className],
          [DIAGRAM.kind]: 'mermaid',
          ...(alt ? { [DIAGRAM.alt]: alt } : {}),
          ...(start ? { [DIAGRAM.line]: start.line, [DIAGRAM.column]: start.column } : {}),
        },
        children,
      };
      return 'skip';
    });
  };
}

/** `name="value"`, `name='value'` or `name=value` in a fence's info string. */
function attribute(meta: string, name: string): string | undefined {
  const found = new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|'([^']*)'|(\\S+))`).exec(meta);
  const value = found ? (found[1] ?? found[2] ?? found[3] ?? '') : '';
  return value.trim() || undefined;
}
