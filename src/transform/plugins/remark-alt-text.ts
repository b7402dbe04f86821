import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

/**
 * A Markdown image with empty brackets (`![](map.png)`, markdownlint's MD045) tells a
 * screen-reader user nothing, and the PDF can only make it an artifact. Said here, in the
 * Markdown, because once in HTML it looks like an image meant to be decorative.
 */
export default function remarkAltText() {
  return (tree: Root, file: VFile) => {
    visit(tree, (node) => {
      if (node.type !== 'image' && node.type !== 'imageReference') return;
      if (node.alt?.trim()) return;
      addWarning(
        file,
        'Image without alternative text: say what it shows between the brackets, `![What it shows](…)`',
        node.position,
        'missing-alt',
      );
    });
  };
}
