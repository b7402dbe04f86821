import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';

declare module 'vfile' {
  interface DataMap {
    /** Text of the chapter's first `# heading`, the title when front-matter has none. */
    headingTitle: string;
    /** Set when that heading opened the chapter and was lifted out of the body. */
    titleLifted: boolean;
  }
}

/**
 * The chapter page prints its title itself, so a `# Title` that opens the chapter is lifted
 * out of the body (its text kept in `file.data.headingTitle`). A first `# heading` further
 * down stays where it is, but still names the chapter when front-matter does not.
 */
export default function remarkChapterTitle() {
  return (tree: Root, file: VFile) => {
    const index = tree.children.findIndex((n) => n.type === 'heading' && n.depth === 1);
    if (index < 0) return;
    const heading = tree.children[index] as Heading;
    const text = toString(heading).trim();
    if (text) file.data.headingTitle = text;
    const onlyHtmlOrDefinitionsBefore = tree.children
      .slice(0, index)
      .every((n) => n.type === 'definition' || (n.type === 'html' && /^<!--/.test(n.value)));
    if (onlyHtmlOrDefinitionsBefore) {
      tree.children.splice(index, 1);
      file.data.titleLifted = true;
    }
  };
}
