import path from 'node:path';
import type { ProjectFormat } from './format.ts';
import { parseSummary } from './summary-md.ts';
import { defined, languageTag, readToolFile, text, type Report } from './tool-files.ts';

/** A GitBook or HonKit book: `book.json` (title, `root`), `SUMMARY.md` for the order. */
export async function readGitBook(
  root: string,
  report: Report,
): Promise<ProjectFormat | undefined> {
  const json = await readToolFile(root, 'book.json', report);
  let data: Record<string, unknown> = {};
  if (json !== undefined) {
    try {
      data = JSON.parse(json) as Record<string, unknown>;
    } catch (error) {
      report(path.join(root, 'book.json'), `Cannot read this JSON: ${(error as Error).message}`);
    }
  }
  const chapters = path.join(root, text(data.root) ?? '.');
  const summary = await readToolFile(chapters, 'SUMMARY.md', report);
  if (summary === undefined) return undefined;
  const files = [
    ...(json !== undefined ? ['book.json'] : []),
    path.relative(root, path.join(chapters, 'SUMMARY.md')),
  ];
  return {
    tool: 'gitbook',
    files,
    chapters,
    config: defined({
      title: text(data.title),
      language: languageTag(data.language),
      subject: text(data.description),
    }),
    toc: { file: path.join(chapters, 'SUMMARY.md'), items: parseSummary(summary) },
    unlisted: 'omit',
    exclude: [path.join(root, '_book')],
    staticDirs: [],
    notes: Array.isArray(data.plugins) && data.plugins.length > 0 ? ['plugins are not run'] : [],
  };
}
