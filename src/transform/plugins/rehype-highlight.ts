import rehypeShikiFromHighlighter from '@shikijs/rehype/core';
import { transformerMetaHighlight } from '@shikijs/transformers';
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';
import { languageOf, THEMES, type Highlighter } from '../highlighter.ts';

/**
 * Syntax highlighting with shiki, light and dark colours at once (the page picks by scheme).
 * The info string is read as the tools authors write for read it: the language first
 * (`rust,ignore`, `{.python}`), then `title="deploy.sh"` (a caption above the block) and
 * lines to highlight (`{1,3-4}`, MkDocs' `hl_lines="1 3"`), which shiki's own
 * transformer marks. A language shiki does not know prints plain, with a warning.
 * The languages used must have been loaded into the highlighter beforehand.
 */
export default function rehypeHighlight(highlighter: Highlighter) {
  const highlight = rehypeShikiFromHighlighter(highlighter, {
    themes: THEMES,
    defaultColor: 'light',
    fallbackLanguage: 'text',
    addLanguageClass: true,
    transformers: [transformerMetaHighlight()],
  });
  return (tree: Root, file: VFile) => {
    let blocks = 0;
    visit(tree, 'element', (pre: Element, index, parent) => {
      const code = pre.children[0];
      if (pre.tagName !== 'pre' || code?.type !== 'element' || code.tagName !== 'code') return;
      blocks++;
      const classes = Array.isArray(code.properties.className)
        ? code.properties.className.map(String)
        : [];
      const at = classes.findIndex((c) => c.startsWith('language-'));
      const meta = (code.data as { meta?: string } | undefined)?.meta ?? '';
      const written = at < 0 ? '' : classes[at]!.slice('language-'.length);
      const language = written === '' ? 'text' : languageOf(written);
      if (!language) {
        addWarning(
          file,
          `No highlighting for language \`${written}\`; the block prints as plain text`,
          pre.position,
          'unknown-language',
        );
      }
      if (at < 0) classes.push(`language-${language ?? 'text'}`);
      else classes[at] = `language-${language ?? 'text'}`;
      code.properties.className = classes;
      code.data = { ...code.data, meta: lineRanges(meta) } as Element['data'];
      const title = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta);
      if (!title || !parent || index === undefined) return undefined;
      // Wrapped before shiki draws the block (it replaces the <pre> it is given).
      const caption: ElementContent = {
        type: 'element',
        tagName: 'figcaption',
        properties: { className: ['code-title'] },
        children: [{ type: 'text', value: title[1] ?? title[2] ?? title[3] ?? '' }],
      };
      parent.children[index] = {
        type: 'element',
        tagName: 'figure',
        properties: { className: ['code-figure'] },
        children: [caption, pre],
      };
      return 'skip';
    });
    // shiki draws only such blocks, walking the whole tree again to find them (with its
    // own copy of the tree walker, which names a function per node): a chapter without
    // code is spared that walk. The core transformer is synchronous here: every language
    // it is given is loaded.
    if (blocks === 0) return undefined;
    return (highlight as unknown as (t: Root) => void)(tree);
  };
}

/** MkDocs' `hl_lines="1 3-4"` as shiki reads line ranges: `{1,3-4}`. */
function lineRanges(meta: string): string {
  return meta.replace(
    /(?:^|\s)hl_lines=(?:"([^"]*)"|'([^']*)'|(\S+))/,
    (_w, a?: string, b?: string, c?: string) => {
      const ranges = (a ?? b ?? c ?? '')
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean);
      return ranges.length ? ` {${ranges.join(',')}}` : '';
    },
  );
}
