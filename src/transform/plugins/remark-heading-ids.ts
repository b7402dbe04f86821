// hName / hProperties on mdast data come from mdast-util-to-hast's type augmentation.
import type {} from 'mdast-util-to-hast';
import GithubSlugger from 'github-slugger';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Heading } from '../../model/book.ts';
import { otherSlugs } from '../slugs.ts';

declare module 'vfile' {
  interface DataMap {
    /** The chapter's headings with their ids, in order. */
    headings: Heading[];
    /** The id of the lifted `# title`: the page's own title carries it, as on GitHub. */
    titleId: string;
  }
}

/**
 * Give every heading a GitHub-style id, unique within the chapter, so the anchors authors
 * already link to on GitHub (`03-kosovo.md#mandate`) work here too. The print edition
 * prefixes them with the chapter id to make them unique across the handbook.
 */
export default function remarkHeadingIds() {
  return (tree: Root, file: VFile) => {
    const slugger = new GithubSlugger();
    const headings: Heading[] = [];
    // The title heading was lifted out, but GitHub gave it the first slug: keep it taken.
    if (file.data.titleLifted && file.data.headingTitle)
      file.data.titleId = slugger.slug(file.data.headingTitle);
    visit(tree, 'heading', (node) => {
      const text = toString(node).trim();
      // An attribute list (`## Setup {#setup}`) names the id itself.
      const explicit = node.data?.hProperties?.id;
      const id =
        typeof explicit === 'string' ? explicit : slugger.slug(text) || slugger.slug('section');
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id } };
      const aliases = otherSlugs(text).filter((a) => a !== id);
      headings.push({ depth: node.depth, text, id, ...(aliases.length ? { aliases } : {}) });
    });
    file.data.headings = headings;
  };
}
