import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readDocusaurus } from './docusaurus.ts';
import type { ProjectFormat } from './format.ts';
import { readGitBook } from './gitbook.ts';
import { readHugo } from './hugo.ts';
import { readJekyll } from './jekyll.ts';
import { readMdBook } from './mdbook.ts';
import { readMkDocs } from './mkdocs.ts';
import { readToolFile, type Report } from './tool-files.ts';

/** Folders no tool keeps its pages in: package managers', version control's, build output. */
const ALWAYS_EXCLUDED = ['node_modules', 'dist', 'vendor'];

/**
 * What kind of project a folder is, from the files another tool would read (most
 * specific first): mdBook's `book.toml`, MkDocs' `mkdocs.yml`, Hugo's config,
 * Docusaurus', Jekyll's `_config.yml`, a GitBook `SUMMARY.md`; else a folder of
 * Markdown: its `chapters/` if it has one, else the folder itself.
 */
export async function detectFormat(
  root: string,
  ours: boolean,
  report: Report,
): Promise<ProjectFormat> {
  const found = await findTool(root, report);
  const format: ProjectFormat = found ?? {
    tool: ours ? 'handbook' : 'markdown',
    files: [],
    chapters: isFolder(path.join(root, 'chapters')) ? path.join(root, 'chapters') : root,
    config: {},
    exclude: [],
    staticDirs: [],
    notes: [],
  };
  format.exclude.push(...ALWAYS_EXCLUDED.map((name) => path.join(root, name)));
  return format;
}

async function findTool(root: string, report: Report): Promise<ProjectFormat | undefined> {
  const toml = await readToolFile(root, 'book.toml', report);
  if (toml !== undefined) return readMdBook(root, toml, report);
  const mkdocs =
    (await readToolFile(root, 'mkdocs.yml', report)) ??
    (await readToolFile(root, 'mkdocs.yaml', report));
  if (mkdocs !== undefined) return await readMkDocs(root, mkdocs, report);
  const hugo = await readHugo(root, report);
  if (hugo) return hugo;
  const docusaurus = await readDocusaurus(root, report);
  if (docusaurus) return docusaurus;
  const jekyll = await readToolFile(root, '_config.yml', report);
  if (jekyll !== undefined) return readJekyll(root, jekyll, report);
  return readGitBook(root, report);
}

function isFolder(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}
