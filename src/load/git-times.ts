import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { toPosix } from './paths.ts';

const run = promisify(execFile);

/**
 * The time of the last commit that touched each file of the project (paths relative to
 * it), from one `git log`; empty when the project is not in a git repository or git is
 * missing. Nothing is fetched and nothing in the repository changes.
 */
export async function lastCommitTimes(root: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  if (!insideRepository(root)) return times;
  try {
    const { stdout } = await run(
      'git',
      ['log', '--format=%x00%ct', '--name-only', '--no-renames', '--relative', '--', '.'],
      { cwd: root, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } },
    );
    let time = 0;
    for (const line of stdout.split('\n')) {
      if (line.startsWith('\0')) time = Number(line.slice(1));
      else if (line && !times.has(toPosix(line))) times.set(toPosix(line), time);
    }
  } catch {
    // No git, or not a repository after all: no dates, nothing is marked outdated.
  }
  return times;
}

function insideRepository(dir: string): boolean {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return true;
    if (path.dirname(at) === at) return false;
  }
}
