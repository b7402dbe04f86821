import type { Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import type { VFile } from 'vfile';

declare module 'vfile' {
  interface DataMap {
    /** Whether the chapter's Markdown holds raw HTML (set while parsing). */
    rawHtml: boolean;
  }
}

/**
 * rehype-raw re-parses the whole tree with parse5 to merge raw HTML into it: the costliest
 * step of the transform. Most chapters have no raw HTML; for them it is skipped.
 */
export default function rehypeRawWhenPresent() {
  const raw = rehypeRaw() as unknown as (tree: Root, file: VFile) => Root;
  return (tree: Root, file: VFile) => (file.data.rawHtml === false ? tree : raw(tree, file));
}
