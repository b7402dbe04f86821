import rehypeShikiFromHighlighter from '@shikijs/rehype/core';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';
import { THEMES, type Highlighter } from '../highlighter.ts';

/** Names authors use that shiki knows by another. */
const ALIASES: Record<string, string> = {
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'bash',
  yml: 'yaml',
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  md: 'markdown',
  'c++': 'cpp',
  cs: 'csharp',
  ps1: 'powershell',
};

const PLAIN = new Set(['text', 'txt', 'plain', 'plaintext', 'ansi', 'output']);

/**
 * Syntax highlighting with shiki, light and dark colours at once (the page picks by scheme).
 * A code block in a language the highlighter does not know prints plain, with a warning.
 */
export default function rehypeHighlight(highlighter: Highlighter) {
  const known = new Set(highlighter.getLoadedLanguages());
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
      const written = classes[index]!.slice('language-'.length).toLowerCase();
      const language = ALIASES[written] ?? written;
      if (PLAIN.has(language) || known.has(language)) {
        classes[index] = `language-${PLAIN.has(language) ? 'text' : language}`;
      } else {
        addWarning(
          file,
          `No highlighting for language \`${written}\`; the block prints as plain text`,
          parent.position,
          'unknown-language',
        );
        classes[index] = 'language-text';
      }
      node.properties.className = classes;
    });
    // The core transformer is synchronous here: every language it is given is loaded.
    return (highlight as unknown as (t: Root) => void)(tree);
  };
}
