import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PreviousEditionProblem, readPreviousEdition } from '../../src/load/previous-edition.ts';
import { tempDir } from '../helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((done) => done()));
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/** A repository with one commit of a handbook whose handbook.yml says `config`. */
async function project(config: string): Promise<{ root: string; commit: string }> {
  const temp = await tempDir();
  cleanups.push(temp.done);
  const root = temp.dir;
  await mkdir(path.join(root, 'chapters'));
  await writeFile(path.join(root, 'handbook.yml'), config);
  await writeFile(path.join(root, 'chapters', '01-intro.md'), '# Intro\n\nAs it was.\n');
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'Edition');
  return { root, commit: git(root, 'rev-parse', 'HEAD') };
}

const read = (root: string, ref: string) =>
  readPreviousEdition(root, path.join(root, 'chapters'), ref);

describe('reading a previous edition', () => {
  it('reads the chapters at a ref, by their path in the project', async () => {
    const { root } = await project("title: T\nversion: '1.0'\n");
    git(root, 'tag', 'v1.0');
    await writeFile(path.join(root, 'chapters', '01-intro.md'), '# Intro\n\nAs it is now.\n');
    const previous = await read(root, 'v1.0');
    expect(previous.label).toBe('v1.0');
    expect([...previous.files]).toEqual([['chapters/01-intro.md', '# Intro\n\nAs it was.\n']]);
  });

  it('names a commit hash by the version the edition gave itself, whether or not a tag is on it', async () => {
    const { root, commit } = await project("title: T\nversion: '1.0'\n");
    expect((await read(root, commit)).label).toBe('1.0');
    git(root, 'tag', 'first');
    expect((await read(root, commit.slice(0, 10))).label).toBe('1.0');
  });

  it('names a hash by its tag where that edition had no version, else by the short hash', async () => {
    const { root, commit } = await project('title: T\n');
    expect((await read(root, commit)).label).toBe(commit.slice(0, 7));
    git(root, 'tag', 'first');
    expect((await read(root, commit)).label).toBe('first');
  });

  it('does not take a version that is not a plain name as the label', async () => {
    const { root, commit } = await project('title: T\nversion: "<b>1.0</b>"\n');
    expect((await read(root, commit)).label).toBe(commit.slice(0, 7));
  });

  it('reads a folder of the previous sources, and refuses one that leads outside', async () => {
    const { root } = await project('title: T\n');
    await mkdir(path.join(root, 'old', 'chapters'), { recursive: true });
    await writeFile(path.join(root, 'old', 'chapters', '01-intro.md'), '# Intro\n\nOlder.\n');
    const previous = await read(root, 'old');
    expect(previous.label).toBe('old');
    expect(previous.files.get('chapters/01-intro.md')).toBe('# Intro\n\nOlder.\n');
    const outside = await tempDir();
    cleanups.push(outside.done);
    await symlink(outside.dir, path.join(root, 'elsewhere'));
    await expect(read(root, 'elsewhere')).rejects.toThrow(/outside the project/);
  });

  it('says which ref does not exist, and never takes a ref for an option', async () => {
    const { root } = await project('title: T\n');
    const problem = await read(root, 'v9.9').catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(PreviousEditionProblem);
    expect((problem as Error).message).toBe('No tag, branch or commit v9.9 in this repository');
    await expect(read(root, '--output=/tmp/x')).rejects.toThrow(/No tag, branch or commit/);
  });
});
