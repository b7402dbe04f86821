import path from 'node:path';
import type { ProjectFormat, TocItem } from './format.ts';
import { parseSummary } from './summary-md.ts';
import {
  defined,
  languageTag,
  readToolFile,
  text,
  texts,
  yamlToolData,
  type Report,
} from './tool-files.ts';

/**
 * An MkDocs site: `mkdocs.yml` (`site_name`, `site_url`, `docs_dir`, `nav`). With the
 * literate-nav plugin, a folder in `nav` is ordered by its own nav file (a Markdown list
 * of links, read as data like a SUMMARY.md), which also opens the section.
 */
export async function readMkDocs(
  root: string,
  yaml: string,
  report: Report,
): Promise<ProjectFormat> {
  const data = yamlToolData(yaml, path.join(root, 'mkdocs.yml'), report);
  const docs = text(data.docs_dir) ?? 'docs';
  const theme = (data.theme ?? {}) as Record<string, unknown>;
  const notes: string[] = [];
  const hooks = texts(data.hooks);
  if (hooks.length > 0) notes.push(`hooks (${hooks.join(', ')}) are not run`);
  const plugins = (Array.isArray(data.plugins) ? data.plugins : [])
    .map((p) => (typeof p === 'string' ? p : Object.keys(p ?? {})[0]))
    .filter((p): p is string => typeof p === 'string' && p !== 'search' && p !== 'literate-nav');
  if (plugins.length > 0) notes.push(`plugins (${plugins.join(', ')}) are not run`);
  const external: string[] = [];
  const chapters = path.join(root, docs);
  const literate = literateNavFile(data.plugins);
  let nav = Array.isArray(data.nav) ? navItems(data.nav, external) : undefined;
  if (nav && literate) {
    nav = await withFolderNavs(nav, chapters, literate, report);
    notes.push(`literate-nav's ${literate} files are read for the order of their folders`);
  }
  if (external.length > 0) notes.push(`${external.length} external link(s) in nav left out`);
  const siteUrl = text(data.site_url);
  return {
    tool: 'mkdocs',
    files: ['mkdocs.yml'],
    chapters,
    config: defined({
      title: text(data.site_name),
      subject: text(data.site_description),
      authors: texts(data.site_author),
      language: languageTag(theme.locale ?? theme.language),
    }),
    ...(nav ? { toc: { file: path.join(root, 'mkdocs.yml'), items: nav } } : {}),
    unlisted: 'append',
    ...(siteUrl ? { site: { url: siteUrl } } : {}),
    exclude: [path.join(root, text(data.site_dir) ?? 'site')],
    staticDirs: [],
    notes,
  };
}

/** The nav file literate-nav reads in each folder, when the plugin is configured. */
function literateNavFile(plugins: unknown): string | undefined {
  for (const plugin of Array.isArray(plugins) ? plugins : []) {
    if (plugin === 'literate-nav') return 'SUMMARY.md';
    if (plugin && typeof plugin === 'object' && 'literate-nav' in plugin) {
      const options = (plugin as Record<string, Record<string, unknown> | null>)['literate-nav'];
      return text(options?.nav_file) ?? 'SUMMARY.md';
    }
  }
  return undefined;
}

/** Folder entries (`user-guide/`) opened by their nav file and ordered by its list. */
async function withFolderNavs(
  items: TocItem[],
  chapters: string,
  navFile: string,
  report: Report,
): Promise<TocItem[]> {
  const out: TocItem[] = [];
  for (const item of items) {
    if (item.kind === 'part') {
      out.push({
        ...item,
        children: await withFolderNavs(item.children, chapters, navFile, report),
      });
      continue;
    }
    if (item.kind !== 'chapter' || !item.path.endsWith('/')) {
      out.push(item);
      continue;
    }
    const folder = item.path.replace(/\/+$/, '');
    const list = await readToolFile(chapters, path.posix.join(folder, navFile), report);
    if (list === undefined) {
      out.push(item);
      continue;
    }
    const prefix = (entry: TocItem): TocItem =>
      entry.kind === 'chapter'
        ? {
            ...entry,
            path: path.posix.join(folder, entry.path),
            children: entry.children.map(prefix),
          }
        : entry.kind === 'part'
          ? { ...entry, children: entry.children.map(prefix) }
          : entry;
    out.push({
      kind: 'chapter',
      path: path.posix.join(folder, navFile),
      ...(item.title ? { title: item.title } : {}),
      children: parseSummary(list, { listsOnly: true }).map(prefix),
    });
  }
  return out;
}

/** `nav:` entries: `page.md`, `{ Title: page.md }`, `{ Title: folder/ }`, `{ Section: [ … ] }`. */
function navItems(entries: unknown[], external: string[]): TocItem[] {
  return entries.flatMap((entry): TocItem[] => {
    if (typeof entry === 'string') return page(entry, undefined, external);
    if (!entry || typeof entry !== 'object') return [];
    return Object.entries(entry as Record<string, unknown>).flatMap(([title, value]): TocItem[] => {
      if (Array.isArray(value))
        return [{ kind: 'part', title, children: navItems(value, external) }];
      if (typeof value === 'string') return page(value, title, external);
      return [];
    });
  });
}

function page(target: string, title: string | undefined, external: string[]): TocItem[] {
  if (/^[a-z][a-z\d+.-]*:/i.test(target)) {
    external.push(target);
    return [];
  }
  return [
    {
      kind: 'chapter',
      path: target.replace(/^\.\//, ''),
      ...(title ? { title } : {}),
      children: [],
    },
  ];
}
