// hName / hProperties on mdast data come from mdast-util-to-hast's type augmentation.
import type {} from 'mdast-util-to-hast';
import type { Blockquote, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { CALLOUT_KINDS as KINDS, CALLOUTS, calloutData, calloutTitle } from './remark-callouts.ts';

const MARKER = /^\[!([A-Za-z]+)\][+-]?[ \t]*([^\n]*)(?:\n|$)/;

/**
 * Alerts, `> [!NOTE]` and the other kinds (GitHub's, and Hugo's, which may carry a title
 * on the same line: `> [!TIP] Before you start`), become our callouts of the nearest kind.
 */
export default function remarkGithubAlerts() {
  return (tree: Root, file: VFile) => {
    if (!String(file.data.markdown ?? file.value).includes('[!')) return;
    visit(tree, 'blockquote', (node: Blockquote) => {
      const first = node.children[0];
      if (first?.type !== 'paragraph') return;
      const text = first.children[0];
      if (text?.type !== 'text') return;
      const marker = MARKER.exec(text.value);
      const kind = marker ? KINDS[marker[1]!.toLowerCase()] : undefined;
      if (!marker || !kind) return;
      text.value = text.value.slice(marker[0].length);
      if (text.value === '') first.children.shift();
      if (first.children.length === 0) node.children.shift();
      node.children.unshift(calloutTitle(marker[2]!.trim() || CALLOUTS[kind]!));
      node.data = calloutData(kind);
    });
  };
}
