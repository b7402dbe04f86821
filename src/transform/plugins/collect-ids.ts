import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Every `id` in a tree: the anchors a `#fragment` link may point at. */
export function collectIds(tree: Root): Set<string> {
  const ids = new Set<string>();
  visit(tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
  });
  return ids;
}
