import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { location } from 'vfile-location';
import { readGuarded } from '../guard/files.ts';
import { isInside } from '../load/paths.ts';
import { decodeText } from '../load/read-text.ts';
import { HandbookError } from '../report/errors.ts';

/** The themes shipped with Handbook Press (`templates/` of this package). */
export const BUILT_IN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * A theme as layers of folders, the project's first: a file in the project's
 * `templates/<name>/` wins over the built-in theme of that name, which wins over `default`.
 */
export interface Theme {
  name: string;
  layers: string[];
}

/** Find the folders that make up theme `name` for a project. */
export function resolveTheme(root: string, name: string): Theme {
  const candidates = [
    path.join(root, 'templates', name),
    path.join(BUILT_IN_TEMPLATES, name),
    path.join(BUILT_IN_TEMPLATES, 'default'),
  ];
  const layers = [...new Set(candidates.map((c) => path.resolve(c)))].filter((dir) =>
    existsSync(dir),
  );
  if (!layers.some((l) => isInside(path.resolve(root), l) || path.basename(l) === name)) {
    throw new HandbookError(`No theme \`${name}\``, {
      hint: `Create templates/${name}/ in the project (copy ${path.join(BUILT_IN_TEMPLATES, 'default')} to start), or set \`theme: default\`.`,
    });
  }
  return { name, layers };
}

/** The first layer's copy of a theme file (a path like `layouts/chapter.html`). */
export function themeFile(theme: Theme, relative: string): string | undefined {
  for (const layer of theme.layers) {
    const candidate = path.join(layer, relative);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function readThemeFile(theme: Theme, relative: string): Promise<string> {
  const found = themeFile(theme, relative);
  if (!found) throw new HandbookError(`Theme \`${theme.name}\` has no \`${relative}\``);
  return checkedTemplate(found, await readThemeText(theme, found));
}

/** Theme files are small; a template of megabytes is not one. */
const MAX_THEME_FILE_BYTES = 4 * 1024 * 1024;

/** A theme file's text, read through the file guard (inside its layer, a regular file). */
export async function readThemeText(theme: Theme, absolute: string): Promise<string> {
  const layer = theme.layers.find((l) => isInside(l, absolute)) ?? path.dirname(absolute);
  const read = await readGuarded(layer, absolute, { maxBytes: MAX_THEME_FILE_BYTES });
  if (!read.ok)
    throw new HandbookError(`Theme file \`${shownPath(absolute)}\` ${read.refusal.reason}`);
  return decodeText(read.bytes);
}

/**
 * A template that Mustache can parse (it caches the parse for rendering), or an error
 * naming the file, line and column, not just "Unclosed section at 763".
 */
function checkedTemplate(file: string, text: string): string {
  try {
    Mustache.parse(text);
    return text;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // Mustache places an unclosed section at the end of the file: point at its opening tag.
    const unclosed = /^Unclosed section "(.+)"/.exec(reason)?.[1];
    const opening = unclosed
      ? Math.max(text.lastIndexOf(`{{#${unclosed}}}`), text.lastIndexOf(`{{^${unclosed}}}`))
      : -1;
    const offset = opening >= 0 ? opening : Number(/ at (\d+)$/.exec(reason)?.[1] ?? 0);
    throw themeFileError(
      file,
      text,
      offset,
      reason.replace(/ at \d+$/, ''),
      'Fix the template, or delete your copy of it to use the built-in one.',
    );
  }
}

/** Every file under `dir` across the layers, the winning copy of each: output path → source. */
export async function themeFiles(theme: Theme, dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const layer of [...theme.layers].reverse()) {
    const base = path.join(layer, dir);
    if (!existsSync(base)) continue;
    for (const entry of await readdir(base, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const absolute = path.join(entry.parentPath, entry.name);
      files.set(path.relative(layer, absolute).split(path.sep).join('/'), absolute);
    }
  }
  return files;
}

/** Partials by name (`partials/sidebar.html` → `sidebar`), each from its winning layer. */
export async function loadPartials(theme: Theme): Promise<Record<string, string>> {
  const partials: Record<string, string> = {};
  for (const [relative, absolute] of await themeFiles(theme, 'partials')) {
    partials[relative.replace(/^partials\//, '').replace(/\.html$/, '')] = checkedTemplate(
      absolute,
      await readThemeText(theme, absolute),
    );
  }
  return partials;
}

/** A problem in a theme file, named as `path:line:column: reason` (for `offset` in `text`). */
export function themeFileError(
  file: string,
  text: string,
  offset: number,
  reason: string,
  hint: string,
): HandbookError {
  const { line, column } = location(text).toPoint(Math.min(offset, text.length)) ?? {};
  return new HandbookError(`${shownPath(file)}:${line ?? 1}:${column ?? 1}: ${reason}`, { hint });
}

/** A theme file as the user would type it: relative to where they are, when inside it. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}
