import { existsSync } from 'node:fs';
import path from 'node:path';
import { isInside } from '../paths.ts';
import type { ProjectFormat } from './format.ts';
import {
  defined,
  languageTag,
  readToolFile,
  text,
  tomlData,
  yamlToolData,
  type Report,
} from './tool-files.ts';

/** Hugo's config file names, in the order Hugo looks for them. */
const NAMES = [
  'hugo.toml',
  'hugo.yaml',
  'hugo.yml',
  'hugo.json',
  'config.toml',
  'config.yaml',
  'config.yml',
  'config.json',
];

/** A Hugo site: `hugo.*` or `config.*` (`title`, `baseURL`, `contentDir`, languages). */
export async function readHugo(root: string, report: Report): Promise<ProjectFormat | undefined> {
  for (const name of NAMES) {
    const source = await readToolFile(root, name, report);
    if (source === undefined) continue;
    const file = path.join(root, name);
    const data = name.endsWith('.toml')
      ? tomlData(source, file, report)
      : name.endsWith('.json')
        ? parseJson(source, file, report)
        : yamlToolData(source, file, report);
    // `config.yaml` is a common name: it is Hugo's only when it says Hugo things.
    if (
      name.startsWith('config.') &&
      !['baseURL', 'contentDir', 'languageCode', 'title', 'module', 'theme'].some((k) => k in data)
    )
      continue;
    const languages = (data.languages ?? {}) as Record<string, Record<string, unknown>>;
    const defaultLanguage = text(data.defaultContentLanguage) ?? 'en';
    const own = languages[defaultLanguage] ?? {};
    const params = (data.params ?? {}) as Record<string, unknown>;
    const ownParams = (own.params ?? {}) as Record<string, unknown>;
    const contentDir = text(own.contentDir) ?? text(data.contentDir) ?? 'content';
    const baseUrl = text(data.baseURL) ?? text(data.baseurl);
    const notes: string[] = [];
    const module = (data.module ?? {}) as Record<string, unknown>;
    const imports = Array.isArray(module.imports) ? module.imports.length : 0;
    if (imports > 0 || data.theme)
      notes.push(
        'its theme and modules are not fetched or run; shortcodes are read as Handbook Press reads them',
      );
    const original = languageTag(own.languageCode ?? data.languageCode ?? defaultLanguage);
    const translated = hugoTranslations(root, languages, defaultLanguage, original);
    return {
      tool: 'hugo',
      files: [name],
      chapters: path.join(root, contentDir),
      config: defined({
        title: text(own.title) ?? text(data.title),
        language: original,
        subject: text(ownParams.description) ?? text(params.description),
        ...(translated.languages.length > 0 && original
          ? { languages: [original, ...translated.languages], translations: translated.identity }
          : {}),
      }),
      ...(translated.languages.length > 0 ? { languageDirs: translated.dirs } : {}),
      ...(baseUrl ? { site: { url: baseUrl } } : {}),
      exclude: [path.join(root, 'public'), path.join(root, 'resources')],
      staticDirs: [path.join(root, text(data.staticDir) ?? 'static')],
      notes,
      params: textParams({ ...params, ...ownParams }),
    };
  }
  return undefined;
}

/**
 * The languages of a multilingual Hugo site that have content of their own (a
 * `contentDir`, or the default one holding `*.fa.md` files): their folders and titles.
 */
function hugoTranslations(
  root: string,
  languages: Record<string, Record<string, unknown>>,
  defaultLanguage: string,
  original: string | undefined,
) {
  const dirs: Record<string, string> = {};
  const identity: Record<string, { title?: string; subject?: string }> = {};
  const found: string[] = [];
  for (const [key, settings] of Object.entries(languages)) {
    if (key === defaultLanguage || typeof settings !== 'object' || settings === null) continue;
    const tag = languageTag(settings.languageCode ?? key);
    const dir = text(settings.contentDir);
    // A folder outside the project is never read, whatever the site's config says.
    const folder = dir ? path.resolve(root, dir) : undefined;
    if (!tag || tag === original || !folder || !isInside(root, folder) || !existsSync(folder))
      continue;
    found.push(tag);
    dirs[tag] = folder;
    const params = (settings.params ?? {}) as Record<string, unknown>;
    identity[tag] = defined({
      title: text(settings.title),
      subject: text(params.description),
    }) as { title?: string; subject?: string };
  }
  return { languages: found, dirs, identity };
}

function parseJson(source: string, file: string, report: Report): Record<string, unknown> {
  try {
    return JSON.parse(source) as Record<string, unknown>;
  } catch (error) {
    report(file, `Cannot read this JSON: ${(error as Error).message}`);
    return {};
  }
}

/** The params that are text or numbers, as text: what a `param` shortcode can print. */
export function textParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
  }
  return out;
}
