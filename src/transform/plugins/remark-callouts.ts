// hName / hProperties on mdast data come from mdast-util-to-hast's type augmentation.
import type {} from 'mdast-util-to-hast';
import type { Paragraph, Root } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

/** Callout kinds and the title each shows when the author gives none. */
export const CALLOUTS: Record<string, string> = {
  note: 'Note',
  tip: 'Tip',
  important: 'Important',
  warning: 'Warning',
  caution: 'Caution',
  'key-points': 'Key points',
};

/**
 * Callout kinds as other tools name them: GitHub's five alerts, and the names Hugo's
 * alerts, Docsy, Obsidian, Docusaurus' admonitions and Just the Docs' callouts add, as the
 * nearest of ours.
 */
export const CALLOUT_KINDS: Record<string, string> = {
  note: 'note',
  tip: 'tip',
  important: 'important',
  warning: 'warning',
  caution: 'caution',
  info: 'note',
  nb: 'note',
  abstract: 'note',
  summary: 'note',
  primary: 'note',
  secondary: 'note',
  question: 'note',
  example: 'note',
  quote: 'note',
  todo: 'note',
  highlight: 'note',
  new: 'tip',
  hint: 'tip',
  success: 'tip',
  check: 'tip',
  done: 'tip',
  attention: 'warning',
  danger: 'caution',
  error: 'caution',
  failure: 'caution',
  bug: 'caution',
};

/** A callout's title line, however its syntax gave it: a paragraph of its own, or words. */
export function calloutTitle(title: Paragraph | string): Paragraph {
  const paragraph: Paragraph =
    typeof title === 'string'
      ? { type: 'paragraph', children: [{ type: 'text', value: title }] }
      : title;
  paragraph.data = { ...paragraph.data, hName: 'p', hProperties: { className: ['callout-title'] } };
  return paragraph;
}

/**
 * What makes a block our callout of `kind` (the properties it already has kept). A note,
 * not a landmark: a chapter with three warnings must not have three "complementary"
 * regions of the same name.
 */
export function calloutData(kind: string, properties: Record<string, unknown> = {}) {
  return {
    hName: 'div',
    hProperties: { ...properties, className: ['callout', `callout-${kind}`], role: 'note' },
  };
}

/**
 * `:::warning[Optional title]` … `:::` becomes `<div class="callout callout-warning" role="note">` with
 * a title line. An unknown container is kept as a plain `<div>` and reported, so a typo
 * (`:::warnig`) does not silently lose the callout's emphasis.
 */
export default function remarkCallouts() {
  return (tree: Root, file: VFile) => {
    if (!String(file.data.markdown ?? file.value).includes(':::')) return;
    visit(tree, 'containerDirective', (node: ContainerDirective) => {
      const kind = node.name.toLowerCase();
      // A tab of another tool's tab set (Hugo `tab`) is a titled section of its own.
      if (kind === 'tab') {
        const first = node.children[0];
        if (first?.type === 'paragraph' && first.data?.directiveLabel === true)
          first.data = { hName: 'p', hProperties: { className: ['tab-title'] } };
        node.data = { hName: 'div', hProperties: { className: ['tab'] } };
        return;
      }
      // Docusaurus' and other tools' names (`:::danger`, `:::info`) as the nearest of ours.
      const ours = CALLOUTS[kind] ? kind : CALLOUT_KINDS[kind];
      const defaultTitle = ours ? CALLOUTS[ours] : undefined;
      if (!ours || !defaultTitle) {
        addWarning(
          file,
          `Unknown block \`:::${node.name}\`; known: ${Object.keys(CALLOUTS)
            .map((k) => `:::${k}`)
            .join(', ')}`,
          node.position,
          'unknown-directive',
        );
        node.data = { hName: 'div', hProperties: {} };
        return;
      }
      const first = node.children[0];
      const hasLabel = first?.type === 'paragraph' && first.data?.directiveLabel === true;
      const title = calloutTitle(hasLabel ? (first as Paragraph) : defaultTitle);
      if (!hasLabel) node.children.unshift(title);
      node.data = calloutData(ours);
    });
  };
}
