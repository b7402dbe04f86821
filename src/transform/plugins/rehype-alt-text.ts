import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';
import { positionKey } from './remark-alt-text.ts';

/**
 * An HTML `<img>` with no `alt` at all is a figure without a text alternative in both
 * editions. An explicit `alt=""` is the author saying it is decorative: no warning, and
 * the PDF makes it an artifact. (Markdown images are checked as Markdown, remark-alt-text.)
 */
export default function rehypeAltText() {
  return (tree: Root, file: VFile) => {
    const warned = file.data.imagesWithoutAlt;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img' || node.properties.alt !== undefined) return;
      if (node.position && warned?.has(positionKey(node.position.start))) return;
      addWarning(
        file,
        'Image without an alt attribute: add `alt="what it shows"`, or `alt=""` if it is only decoration',
        node.position,
        'missing-alt',
      );
    });
  };
}
