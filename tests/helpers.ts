import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Diagnostics } from '../src/report/diagnostics.ts';
import { loadBook } from '../src/load/load-book.ts';
import { transformBook } from '../src/transform/transform-book.ts';
import type { Book } from '../src/model/book.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const CLI = path.join(REPO, 'scripts', 'handbook.mjs');

/** A fresh temporary folder; `done()` removes it. */
export async function tempDir(
  prefix = 'handbook-test-',
): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}

/** Write a project's files (`handbook.yml`, `chapters/01-one.md` …) under `root`. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

/** Copy a project (a fixture book or the bundled sample) into a temporary folder. */
export async function copyProject(
  source: string,
  only?: string[],
): Promise<{ dir: string; done: () => Promise<void> }> {
  const temp = await tempDir();
  const names = only ?? ['chapters', 'handbook.yml', 'templates'];
  for (const name of names) {
    await cp(path.join(source, name), path.join(temp.dir, name), { recursive: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
  }
  return temp;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real `handbook` command as a user would. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 240_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Load and transform a project in-process; the diagnostics hold what was reported. */
export async function transformProject(
  root: string,
): Promise<{ book?: Book; diagnostics: Diagnostics }> {
  const diagnostics = new Diagnostics(root);
  const loaded = await loadBook({ root }, diagnostics);
  if (!loaded) return { diagnostics };
  return { book: await transformBook(loaded, diagnostics), diagnostics };
}

/** A project of one chapter (`markdown` after its front-matter) in a new folder of `parent`, transformed. */
export async function transformChapter(
  parent: string,
  markdown: string,
  title = 'Chapter',
  file = '01-chapter.md',
) {
  const root = path.join(parent, String(Math.random()).slice(2));
  await mkdir(path.join(root, 'chapters'), { recursive: true });
  await writeFile(path.join(root, 'handbook.yml'), `title: ${title}\n`);
  await writeFile(path.join(root, 'chapters', file), `---\ntitle: ${title}\n---\n\n${markdown}`);
  return transformProject(root);
}

/** Messages as `path:line:col rule reason` lines, sorted, for exact assertions. */
export function messageLines(diagnostics: Diagnostics): string[] {
  return diagnostics
    .all()
    .flatMap((file) =>
      file.messages.map(
        (m) =>
          `${file.path}:${m.line ?? 0}:${m.column ?? 0} ${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.reason}`,
      ),
    )
    .sort();
}

export async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}
