import { execFile, spawn } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { CONFIG_NAMES } from '../config/load.ts';
import { isInside, toPosix } from './paths.ts';

const run = promisify(execFile);

/** The chapters of an earlier edition, by their path in the project as it is now. */
export interface PreviousSources {
  /** What the edition is called where it is named: the ref or the folder, as written. */
  label: string;
  files: Map<string, string>;
}

/** Why an earlier edition cannot be read; `missing` when only its history is not here. */
export class PreviousEditionProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly missing = false,
  ) {
    super(message);
  }
}

/** The longest earlier chapter read; beyond it, a file is not a chapter anyone wrote. */
const MAX_FILE = 8 * 1024 * 1024;
const MARKDOWN = /\.(md|markdown)$/i;
const GIT_ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };

/**
 * Read the chapters as they were in an earlier edition, without touching the working tree
 * or the repository: a folder of the previous sources inside the project, or any git ref
 * (tag, branch, commit) read with `git ls-tree` and `git cat-file`, which change nothing.
 */
export async function readPreviousEdition(
  root: string,
  chaptersDir: string,
  ref: string,
): Promise<PreviousSources> {
  const folder = path.resolve(root, ref);
  if (!ref.startsWith('-') && existsSync(folder) && statSync(folder).isDirectory()) {
    // Where the folder really is: a link inside the project to a folder outside it would
    // put files from anywhere into the editions as "deleted text".
    if (!isInside(realpathSync(root), realpathSync(folder)))
      throw new PreviousEditionProblem(
        `The folder of the previous edition, ${ref}, is outside the project`,
        'Copy the previous sources into the project, or name a git ref.',
      );
    return { label: ref, files: await readFolder(folder, root, chaptersDir) };
  }
  return readGitRef(root, chaptersDir, ref);
}

/** A folder of earlier sources: a project (with the chapters folder inside) or its chapters. */
async function readFolder(
  folder: string,
  root: string,
  chaptersDir: string,
): Promise<Map<string, string>> {
  const inner = path.join(folder, path.relative(root, chaptersDir));
  const base = existsSync(inner) && statSync(inner).isDirectory() ? inner : folder;
  if (!isInside(realpathSync(root), realpathSync(base)))
    throw new PreviousEditionProblem(
      `The chapters of the previous edition, in ${path.relative(root, base)}, are outside the project`,
      'Copy the previous sources into the project, or name a git ref.',
    );
  const files = new Map<string, string>();
  const entries = await readdir(base, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !MARKDOWN.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (statSync(file).size > MAX_FILE) continue;
    const inProject = path.join(chaptersDir, path.relative(base, file));
    files.set(toPosix(path.relative(root, inProject)), await readFile(file, 'utf8'));
  }
  return files;
}

async function readGitRef(
  root: string,
  chaptersDir: string,
  ref: string,
): Promise<PreviousSources> {
  const git = (args: string[]) =>
    run('git', args, { cwd: root, env: GIT_ENV, maxBuffer: 64 * 1024 * 1024 }).then((r) =>
      r.stdout.trim(),
    );
  const top = await git(['rev-parse', '--show-toplevel']).catch(() => undefined);
  if (!top)
    throw new PreviousEditionProblem(
      `Cannot read the previous edition ${ref}: the project is not in a git repository (and no folder ${ref} is in it)`,
      'Name a folder of the previous sources, or build inside the repository.',
      true,
    );
  const commit = ref.startsWith('-')
    ? undefined
    : await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(
        () => undefined,
      );
  if (!commit) {
    const shallow =
      (await git(['rev-parse', '--is-shallow-repository']).catch(() => '')) === 'true';
    if (shallow)
      throw new PreviousEditionProblem(
        `The previous edition ${ref} is not in this shallow clone`,
        `Fetch it: git fetch --unshallow (or git fetch origin tag ${ref} for a tag).`,
        true,
      );
    throw new PreviousEditionProblem(
      `No tag, branch or commit ${ref} in this repository`,
      'Name an existing git ref (git tag lists the tags), or a folder of the previous sources.',
    );
  }
  // Paths at the ref are the repository's; the project may be a folder inside it.
  const fromTop = toPosix(path.relative(path.resolve(top), chaptersDir)) || '.';
  const key = `${commit}\0${top}\0${fromTop}\0${root}`;
  const files = atCommit.get(key) ?? (await filesAt(root, top, commit, fromTop, git));
  remember(key, files);
  // A copy: what a caller does with it never reaches the next comparison.
  return { label: await labelOf(ref, commit, root, top, git), files: new Map(files) };
}

/** The chapters' files at a commit, by their path in the project. */
async function filesAt(
  root: string,
  top: string,
  commit: string,
  fromTop: string,
  git: (args: string[]) => Promise<string>,
): Promise<Map<string, string>> {
  const listed = await git([
    'ls-tree',
    '-r',
    '-z',
    '--full-tree',
    '--name-only',
    commit,
    '--',
    fromTop,
  ]);
  const paths = listed.split('\0').filter((p) => MARKDOWN.test(p) && !p.includes('\n'));
  const contents = await catFiles(root, commit, paths);
  const files = new Map<string, string>();
  paths.forEach((p, i) => {
    const text = contents[i];
    if (text === undefined) return;
    files.set(toPosix(path.relative(root, path.join(top, p))), text);
  });
  return files;
}

/**
 * Sources at a commit never change: `handbook dev` compares with them on every save and
 * reads them from git once. A few commits are kept, the latest used last. (The name is
 * asked again each time: a tag may have been added since.)
 */
const atCommit = new Map<string, Map<string, string>>();
const KEPT_COMMITS = 4;

function remember(key: string, files: Map<string, string>): void {
  atCommit.delete(key);
  atCommit.set(key, files);
  while (atCommit.size > KEPT_COMMITS) atCommit.delete(atCommit.keys().next().value!);
}

/** How the summary names the edition: a tag or branch as written, a hash as below. */
async function labelOf(
  ref: string,
  commit: string,
  root: string,
  top: string,
  git: (args: string[]) => Promise<string>,
): Promise<string> {
  if (!/^[0-9a-f]{7,64}$/i.test(ref)) return ref;
  const fromRoot = toPosix(path.relative(path.resolve(top), root));
  const configs = CONFIG_NAMES.map((name) => path.posix.join(fromRoot, name));
  const version = (await catFiles(root, commit, configs)).map(versionIn).find(Boolean);
  return version ?? (await tagOn(commit, git)) ?? commit.slice(0, 7);
}

/**
 * A hash names no edition a reader knows: the summary names it by the version its own
 * handbook.yml gave it ("Changes since 1.2"), else by the tag on the commit (tags are often
 * not in a clone), else by the hash shortened.
 */
function versionIn(config: string | undefined): string | undefined {
  if (config === undefined) return undefined;
  const version: unknown = parseDocument(config).get('version');
  const text = typeof version === 'number' ? String(version) : version;
  return typeof text === 'string' && /^[\p{L}\p{N}._+-]{1,40}$/u.test(text) ? text : undefined;
}

async function tagOn(commit: string, git: (args: string[]) => Promise<string>) {
  return (await git(['describe', '--tags', '--exact-match', commit]).catch(() => '')) || undefined;
}

/** The files' contents at a commit, through one `git cat-file --batch`. */
function catFiles(root: string, commit: string, paths: string[]): Promise<(string | undefined)[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, env: GIT_ENV });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', () => {
      const out = Buffer.concat(chunks);
      const found: (string | undefined)[] = [];
      let at = 0;
      for (let i = 0; i < paths.length; i++) {
        const end = out.indexOf(0x0a, at);
        if (end < 0) break;
        const header = out.toString('utf8', at, end).split(' ');
        if (header[1] !== 'blob') {
          found.push(undefined);
          at = end + 1;
          continue;
        }
        const size = Number(header[2]);
        found.push(size > MAX_FILE ? undefined : out.toString('utf8', end + 1, end + 1 + size));
        at = end + 1 + size + 1;
      }
      resolve(found);
    });
    child.stdin.end(paths.map((p) => `${commit}:${p}\n`).join(''));
  });
}
