import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DraftInfo {
  /** The day the draft was built (YYYY-MM-DD), from SOURCE_DATE_EPOCH when set. */
  date: string;
  /** The commit it was built from, short, with "+" when the working tree differs from it. */
  commit?: string;
}

/** What a draft says of itself: when it was built, and from which commit. */
export async function draftInfo(root: string, now = new Date()): Promise<DraftInfo> {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const when = Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : now;
  const date = when.toISOString().slice(0, 10);
  const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
  try {
    const { stdout } = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, env });
    // `git status` with optional locks off reads the tree and writes nothing.
    const status = await run('git', ['status', '--porcelain', '--untracked-files=no', '--', '.'], {
      cwd: root,
      env,
    });
    return { date, commit: `${stdout.trim()}${status.stdout.trim() ? '+' : ''}` };
  } catch {
    return { date };
  }
}
