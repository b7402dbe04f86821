import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * `<a name="mandate">`, the anchor of HTML before ids, becomes `<a id="mandate">`, so links
 * to `#mandate` keep working; every other `name` goes. A name can stand in for a property
 * of `document` (`<img name="getElementById">`, or an `<img>` with both a name and an id),
 * which would break the scripts of both editions. The sanitizer prefixes any left.
 */
export default function rehypeNamedAnchors() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const { name } = node.properties;
      if (name === undefined || name === null) return;
      if (node.tagName === 'a' && typeof name === 'string' && name !== '')
        node.properties.id ??= name;
      delete node.properties.name;
    });
  };
}
