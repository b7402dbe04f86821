import rehypeShikiFromHighlighter from '@shikijs/rehype/core';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';
import { languageOf, THEMES, type Highlighter } from '../highlighter.ts';

/**
 * Syntax highlighting with shiki, light and dark colours at once (the page picks by scheme).
 * A code block in a language the highlighter does not know prints plain, with a warning.
 * The languages used must have been loaded into the highlighter beforehand.
 */
export default function rehypeHighlight(highlighter: Highlighter) {
  const highlight = rehypeShikiFromHighlighter(highlighter, {
    themes: THEMES,
    defaultColor: 'light',
    fallbackLanguage: 'text',
    addLanguageClass: true,
  });
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element, _index, parent) => {
      if (node.tagName !== 'code' || !parent || (parent as Element).tagName !== 'pre') return;
      const classes = Array.isArray(node.properties.className)
        ? node.properties.className.map(String)
        : [];
      const index = classes.findIndex((c) => c.startsWith('language-'));
      if (index < 0) return;
      const written = classes[index]!.slice('language-'.length);
      const language = languageOf(written);
      if (!language) {
        addWarning(
          file,
          `No highlighting for language \`${written}\`; the block prints as plain text`,
          parent.position,
          'unknown-language',
        );
      }
      classes[index] = `language-${language ?? 'text'}`;
      node.properties.className = classes;
    });
    // The core transformer is synchronous here: every language it is given is loaded.
    return (highlight as unknown as (t: Root) => void)(tree);
  };
}
