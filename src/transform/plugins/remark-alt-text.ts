import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

/**
 * A Markdown image with empty brackets (`![](map.png)`, markdownlint's MD045) tells a
 * screen-reader user nothing. Said here, in the Markdown, because once in HTML `alt=""`
 * looks like an image meant to be decorative; so it becomes an image with no `alt` at all,
 * as an HTML `<img>` without one is: a figure without a text alternative in both
 * editions, and a PDF that does not claim PDF/UA (an artifact would pass it off as
 * decoration). `rehype-alt-text` knows it by its position and does not warn again.
 */
export default function remarkAltText() {
  return (tree: Root, file: VFile) => {
    const warned = new Set<string>();
    file.data.imagesWithoutAlt = warned;
    visit(tree, (node) => {
      if (node.type !== 'image' && node.type !== 'imageReference') return;
      if (node.alt?.trim()) return;
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, alt: undefined } };
      if (node.position) warned.add(positionKey(node.position.start));
      addWarning(
        file,
        'Image without alternative text: say what it shows between the brackets, `![What it shows](…)`',
        node.position,
        'missing-alt',
      );
    });
  };
}

/** Where an image starts, as both plugins see it. */
export const positionKey = (point: { line: number; column: number }) =>
  `${point.line}:${point.column}`;

declare module 'vfile' {
  interface DataMap {
    /** Markdown images warned about by remark-alt-text, by `positionKey`. */
    imagesWithoutAlt: Set<string>;
  }
}
