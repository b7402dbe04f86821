import path from 'node:path';
import type { ProjectFormat } from './format.ts';
import { defined, readToolFile, type Report } from './tool-files.ts';

const NAMES = ['docusaurus.config.js', 'docusaurus.config.ts', 'docusaurus.config.mjs'];

/**
 * A Docusaurus site. Its config is a program, which is never run: only its `title` and
 * `url` are read from the text, when written as plain strings. Pages live in `docs/`,
 * ordered by `sidebar_position` and `_category_.json`.
 */
export async function readDocusaurus(
  root: string,
  report: Report,
): Promise<ProjectFormat | undefined> {
  for (const name of NAMES) {
    const source = await readToolFile(root, name, report);
    if (source === undefined) continue;
    const plain = (key: string) =>
      new RegExp(`\\b${key}\\s*:\\s*(['"\`])([^'"\`\\n]+)\\1`).exec(source)?.[2];
    const url = plain('url');
    return {
      tool: 'docusaurus',
      files: [name],
      chapters: path.join(root, 'docs'),
      config: defined({ title: plain('title'), subject: plain('tagline') }),
      ...(url ? { site: { url: `${url.replace(/\/$/, '')}${plain('baseUrl') ?? ''}` } } : {}),
      exclude: [path.join(root, 'build'), path.join(root, 'node_modules')],
      staticDirs: [path.join(root, 'static')],
      notes: [`${name} is a program: it is read for its title, never run`],
    };
  }
  return undefined;
}
