import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/**
 * Wide tables scroll sideways on a phone instead of widening the page. The wrapper is a
 * focusable, named region (a labelled section) so keyboard users can scroll it too.
 */
export default function rehypeTableWrap() {
  return (tree: Root) => {
    let count = 0;
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'table' || !parent || index === undefined) return;
      // Each region needs a name of its own on the page.
      const wrapper: Element = {
        type: 'element',
        tagName: 'section',
        properties: { className: ['table-wrap'], tabIndex: 0, ariaLabel: `Table ${++count}` },
        children: [node],
      };
      parent.children[index] = wrapper;
      return SKIP;
    });
  };
}
