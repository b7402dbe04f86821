import path from 'node:path';
import type { ProjectFormat } from './format.ts';
import { defined, languageTag, text, texts, yamlToolData, type Report } from './tool-files.ts';

/** A Jekyll site: `_config.yml` (`title`, `url`, `baseurl`, `lang`, collections, `exclude`). */
export function readJekyll(root: string, yaml: string, report: Report): ProjectFormat {
  const data = yamlToolData(yaml, path.join(root, '_config.yml'), report);
  const url = text(data.url);
  const baseurl = text(data.baseurl);
  const author = data.author;
  return {
    tool: 'jekyll',
    files: ['_config.yml'],
    chapters: root,
    config: defined({
      title: text(data.title),
      subject: text(data.description),
      language: languageTag(data.lang),
      authors:
        typeof author === 'object' && author
          ? texts((author as Record<string, unknown>).name)
          : texts(author),
    }),
    site: {
      ...(url ? { url: `${url.replace(/\/$/, '')}${baseurl ?? ''}` } : {}),
      ...(baseurl ? { basePath: baseurl } : {}),
    },
    exclude: ['_site', 'vendor', '.jekyll-cache', ...texts(data.exclude)].map((p) =>
      path.join(root, p),
    ),
    include: collections(data.collections).map((name) => path.join(root, `_${name}`)),
    staticDirs: [],
    notes: ['Liquid templates and plugins are not run'],
  };
}

/** Collections whose pages are output (`collections: { docs: { output: true } }`, or a list). */
function collections(value: unknown): string[] {
  if (Array.isArray(value)) return texts(value);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, { output?: unknown } | null>)
    .filter(([, settings]) => settings?.output !== false)
    .map(([name]) => name);
}
