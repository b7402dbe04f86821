import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '../load/paths.ts';
import { HandbookError } from '../report/errors.ts';

/** The folder build caches live in, under a `node_modules` (where tools keep theirs). */
const CACHE_PATH = ['node_modules', '.cache', 'handbook-press'];

/**
 * Where a project's build cache goes: `--cache-dir` when given; else the project's own
 * `node_modules/.cache/handbook-press/` when it has a `node_modules`; else Handbook Press's
 * own, one folder per project. Undefined when there is nowhere to put one (the build then
 * runs without). Never inside the output folder, which every build replaces.
 */
export function cacheDir(project: string, outDir: string, given?: string): string | undefined {
  const dir = given
    ? path.resolve(given)
    : existsSync(path.join(project, 'node_modules'))
      ? path.join(project, ...CACHE_PATH, 'build')
      : toolCache(project);
  if (dir && (isInside(outDir, dir) || dir === outDir)) {
    throw new HandbookError(`The cache folder \`${dir}\` is inside the output folder`, {
      hint: 'Every build replaces the output folder: choose a --cache-dir outside it.',
    });
  }
  return dir;
}

/** Projects without a `node_modules` of their own whose caches Handbook Press keeps. */
const KEPT_PROJECTS = 20;

/**
 * `<Handbook Press>/node_modules/.cache/handbook-press/projects/<hash of the project path>`;
 * only the most recently built projects' folders are kept.
 */
function toolCache(project: string): string | undefined {
  const home = packageRoot();
  if (!home || !existsSync(path.join(home, 'node_modules'))) return undefined;
  let real = project;
  try {
    real = realpathSync(project);
  } catch {
    // a project that cannot be resolved is named as given
  }
  const id = createHash('sha256').update(real).digest('hex').slice(0, 16);
  const projects = path.join(home, ...CACHE_PATH, 'projects');
  pruneProjects(projects, id);
  return path.join(projects, id);
}

/** Remove all but the `KEPT_PROJECTS` most recently used project folders; mark `id` used. */
function pruneProjects(projects: string, id: string): void {
  try {
    const now = new Date();
    mkdirSync(path.join(projects, id), { recursive: true });
    utimesSync(path.join(projects, id), now, now);
    const folders = readdirSync(projects)
      .map((name) => ({ name, time: statSync(path.join(projects, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of folders.slice(KEPT_PROJECTS))
      rmSync(path.join(projects, name), { recursive: true, force: true });
  } catch {
    // a cache that cannot be tidied is still a cache
  }
}

/** Handbook Press's own folder: the nearest above this file whose package.json is ours. */
export function packageRoot(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
      };
      if (pkg.name === 'handbook-press') return dir;
    } catch {
      // not here
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
