import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * A paragraph holding nothing but an image with a title (`![alt](map.png "Caption")`)
 * becomes a figure with that title as its caption, the way handbooks present diagrams.
 */
export default function rehypeFigures() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p') return;
      const content = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const image = content[0];
      if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
      const caption = image.properties.title;
      if (typeof caption !== 'string' || caption.trim() === '') return;
      delete image.properties.title;
      node.tagName = 'figure';
      node.children = [
        image,
        {
          type: 'element',
          tagName: 'figcaption',
          properties: {},
          children: [{ type: 'text', value: caption }],
        },
      ];
    });
  };
}
