import {
  bundledLanguages,
  bundledLanguagesInfo,
  createHighlighter,
  type BundledLanguage,
  type HighlighterGeneric,
} from 'shiki';

/** Names authors use that shiki knows by another (or by a near relative). */
const ALIASES: Record<string, string> = {
  zsh: 'bash',
  'c++': 'cpp',
  django: 'jinja',
  'html+django': 'jinja',
  htmldjango: 'jinja',
  ps1: 'powershell',
};

/** Output and plain text: printed as it is, nothing to highlight and nothing to warn about. */
const PLAIN = new Set([
  'text',
  'txt',
  'plain',
  'plaintext',
  'ansi',
  'output',
  'log',
  'none',
  'nohighlight',
  'no-highlight',
  'raw',
  'empty',
]);

/**
 * A code block's language from its info string, as the tools authors write for read it:
 * the first word (`python title="x.py"`), before a comma (mdBook's `rust,ignore`), or in
 * braces (Pandoc's `{.python}`), lower-cased.
 */
export function languageName(info: string): string {
  const word =
    info
      .trim()
      .replace(/^\{\s*\.?/, '')
      .split(/[\s,{}]/)[0] ?? '';
  return word.replace(/^\./, '').toLowerCase();
}

export const THEMES = { light: 'github-light', dark: 'github-dark' } as const;

export type Highlighter = HighlighterGeneric<string, string>;

/** What a code block's language name means: a language shiki highlights, plain text, or unknown. */
export function languageOf(written: string): BundledLanguage | 'text' | undefined {
  const name = languageName(written);
  if (name === '' || PLAIN.has(name)) return 'text';
  const language = ALIASES[name] ?? name;
  if (!(language in bundledLanguages)) return undefined;
  return (CANONICAL.get(language) ?? language) as BundledLanguage;
}

/** shiki's aliases (`js`, `sh`, `rs`) → the language's own name, so each is loaded once. */
const CANONICAL = new Map(
  bundledLanguagesInfo.flatMap((info) =>
    (info.aliases ?? []).map((alias) => [alias, info.id] as const),
  ),
);

let shared: Promise<Highlighter> | undefined;

/**
 * One highlighter per thread, holding the grammars of the languages asked for so far:
 * grammars are the slow part, so only those a handbook uses are loaded, each once.
 */
export async function highlighterFor(languages: Iterable<string>): Promise<Highlighter> {
  shared ??= createHighlighter({
    themes: Object.values(THEMES),
    langs: [],
  }) as Promise<Highlighter>;
  const highlighter = await shared;
  const loaded = new Set(highlighter.getLoadedLanguages());
  const missing = [...new Set(languages)].filter((l) => !loaded.has(l) && l !== 'text');
  if (missing.length > 0) await highlighter.loadLanguage(...(missing as BundledLanguage[]));
  return highlighter;
}
