import { createHighlighter, type HighlighterGeneric } from 'shiki';

/** Languages a handbook is likely to show; others print as plain text with a warning. */
export const LANGUAGES = [
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
] as const;

export const THEMES = { light: 'github-light', dark: 'github-dark' } as const;

export type Highlighter = HighlighterGeneric<string, string>;

let shared: Promise<Highlighter> | undefined;

/** One highlighter per thread: loading grammars is the slow part, so it is done once. */
export function getHighlighter(): Promise<Highlighter> {
  shared ??= createHighlighter({
    themes: Object.values(THEMES),
    langs: [...LANGUAGES],
  }) as Promise<Highlighter>;
  return shared;
}
