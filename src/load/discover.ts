import { existsSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { OUTPUT_MARKER } from '../output/marker.ts';
import path from 'node:path';

/** A Markdown file or a folder found under the chapters folder, before ordering. */
export interface FoundEntry {
  kind: 'chapter' | 'part';
  /** Absolute path. */
  absolute: string;
  /** Path relative to the chapters folder, POSIX separators. */
  relative: string;
  /** Folder (relative) this entry sits in; '' at the top. */
  parent: string;
  /** The name without its `NN-` prefix and extension. */
  stem: string;
  /** The number of an `NN-` prefix, when the name has one. */
  prefix?: number;
}

export const MARKDOWN = /\.(md|markdown|mdx)$/i;

/** Hugo's section page, the one name starting with `_` that is a page. */
const SECTION_PAGE = /^_index\.(md|markdown)$/i;

/**
 * Every chapter file and part folder under `dir`, depth first. Names starting with `.` or `_`
 * are skipped (drafts, partials, tool folders) but for Hugo's `_index.md`, and so are the
 * folders in `exclude` (absolute: the output, another tool's build folder) and the files
 * in `skipFiles` (a `SUMMARY.md` that lists the contents).
 */
export async function discover(
  dir: string,
  options: {
    exclude?: Iterable<string>;
    skipFiles?: Iterable<string>;
    include?: Iterable<string>;
  } = {},
): Promise<FoundEntry[]> {
  const found: FoundEntry[] = [];
  const skip = new Set(
    [...(options.exclude ?? []), ...(options.skipFiles ?? [])].map((p) => path.resolve(p)),
  );
  const keep = new Set([...(options.include ?? [])].map((p) => path.resolve(p)));
  await walk(dir, '', found, skip, keep);
  return found;
}

async function walk(
  root: string,
  relativeDir: string,
  found: FoundEntry[],
  skip: Set<string>,
  keep: Set<string>,
): Promise<void> {
  const dir = await opendir(path.join(root, relativeDir));
  const names: { name: string; isDir: boolean; isFile: boolean }[] = [];
  for await (const entry of dir) {
    if (
      entry.name.startsWith('.') ||
      entry.name === 'node_modules' ||
      (entry.name.startsWith('_') &&
        !SECTION_PAGE.test(entry.name) &&
        !keep.has(path.join(root, relativeDir, entry.name)))
    )
      continue;
    if (skip.has(path.join(root, relativeDir, entry.name))) continue;
    // Anything named like a chapter that is not a folder is handed to the reader, whose
    // file guard follows links and refuses pipes, devices, sockets and links outside the
    // project, each with a message (never silently, never by hanging).
    names.push({ name: entry.name, isDir: entry.isDirectory(), isFile: !entry.isDirectory() });
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, isDir, isFile } of names) {
    const relative = relativeDir ? `${relativeDir}/${name}` : name;
    const { stem, prefix } = splitName(isDir ? name : name.replace(MARKDOWN, ''));
    const base = {
      absolute: path.join(root, relative),
      relative,
      parent: relativeDir,
      stem,
      ...(prefix === undefined ? {} : { prefix }),
    };
    if (isDir) {
      // An output of ours (`dist/`, or any `--out` among the chapters) holds no chapters.
      if (existsSync(path.join(root, relative, OUTPUT_MARKER))) continue;
      found.push({ kind: 'part', ...base });
      await walk(root, relative, found, skip, keep);
    } else if (isFile && MARKDOWN.test(name)) {
      found.push({ kind: 'chapter', ...base });
    }
  }
}

/** "03-kosovo-force" → { prefix: 3, stem: "kosovo-force" }. */
export function splitName(name: string): { stem: string; prefix?: number } {
  const match = /^(\d+)[-_. ](.+)$/.exec(name);
  if (!match) return { stem: name };
  return { stem: match[2]!, prefix: Number(match[1]) };
}
