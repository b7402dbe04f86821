import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

/**
 * Headings that skip a level (a `###` right after the title or a `#`, a `####` after
 * `##`): the outline a screen reader navigates by, and the PDF's structure, would have a
 * hole (PDF/UA forbids it).
 */
export default function rehypeHeadingLevels() {
  return (tree: Root, file: VFile) => {
    // The chapter's title is its level-1 heading, whether written or from front-matter.
    let previous = 1;
    visit(tree, 'element', (node: Element) => {
      const depth = /^h([1-6])$/.exec(node.tagName)?.[1];
      if (!depth || (node.properties.className as string[] | undefined)?.includes('sr-only'))
        return;
      const level = Number(depth);
      if (level > previous + 1) {
        addWarning(
          file,
          `Heading level ${level} follows level ${previous}: a level is skipped (use ${'#'.repeat(previous + 1)})`,
          node.position,
          'heading-level',
        );
      }
      previous = level;
    });
  };
}
