import path from 'node:path';
import type { ProjectFormat } from './format.ts';
import { parseSummary } from './summary-md.ts';
import {
  defined,
  languageTag,
  readToolFile,
  text,
  texts,
  tomlData,
  type Report,
} from './tool-files.ts';

/** An mdBook: `book.toml` (title, authors, language, `src`), its `SUMMARY.md` for the order. */
export async function readMdBook(
  root: string,
  toml: string,
  report: Report,
): Promise<ProjectFormat> {
  const data = tomlData(toml, path.join(root, 'book.toml'), report);
  const book = (data.book ?? {}) as Record<string, unknown>;
  const build = (data.build ?? {}) as Record<string, unknown>;
  const output = (data.output ?? {}) as Record<string, Record<string, unknown>>;
  const src = text(book.src) ?? 'src';
  const chapters = path.join(root, src);
  const files = ['book.toml'];
  const summary = await readToolFile(chapters, 'SUMMARY.md', report);
  if (summary !== undefined) files.push(path.posix.join(src, 'SUMMARY.md'));
  const notes: string[] = [];
  for (const [name, settings] of Object.entries(
    (data.preprocessor ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    const command = text(settings?.command);
    notes.push(
      command
        ? `preprocessor ${name} (\`${command}\`) is not run`
        : `preprocessor ${name} is not run`,
    );
  }
  const siteUrl = text(output.html?.['site-url']);
  return {
    tool: 'mdbook',
    files,
    chapters,
    config: defined({
      title: text(book.title),
      authors: texts(book.authors),
      language: languageTag(book.language),
      subject: text(book.description),
    }),
    ...(summary !== undefined
      ? { toc: { file: path.join(chapters, 'SUMMARY.md'), items: parseSummary(summary) } }
      : {}),
    unlisted: 'omit',
    ...(siteUrl
      ? { site: /^https?:/.test(siteUrl) ? { url: siteUrl } : { basePath: siteUrl } }
      : {}),
    exclude: [path.join(root, text(build['build-dir']) ?? 'book')],
    staticDirs: [],
    notes,
  };
}
