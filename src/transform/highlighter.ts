import {
  bundledLanguages,
  createHighlighter,
  type BundledLanguage,
  type HighlighterGeneric,
} from 'shiki';

/** Languages a handbook is likely to show; others print as plain text with a warning. */
export const LANGUAGES: readonly BundledLanguage[] = [
  'bash',
  'shellscript',
  'powershell',
  'json',
  'jsonc',
  'yaml',
  'toml',
  'ini',
  'xml',
  'html',
  'css',
  'javascript',
  'typescript',
  'python',
  'java',
  'c',
  'cpp',
  'csharp',
  'go',
  'rust',
  'sql',
  'markdown',
  'diff',
  'dockerfile',
  'http',
  'csv',
];

/** Names authors use for the languages above. */
const ALIASES: Record<string, BundledLanguage> = {
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

export const THEMES = { light: 'github-light', dark: 'github-dark' } as const;

export type Highlighter = HighlighterGeneric<string, string>;

/** What a code block's language name means: a language we highlight, plain text, or unknown. */
export function languageOf(written: string): BundledLanguage | 'text' | undefined {
  const name = written.toLowerCase();
  if (PLAIN.has(name)) return 'text';
  const language = ALIASES[name] ?? name;
  return (LANGUAGES as readonly string[]).includes(language) && language in bundledLanguages
    ? (language as BundledLanguage)
    : undefined;
}

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
