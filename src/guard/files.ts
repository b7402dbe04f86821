import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { isInside, toPosix } from '../load/paths.ts';

/**
 * The one way the tool reads a file of the project (a chapter, a `_part.yml`, the config,
 * a template, an image it publishes). A path is followed to where it really is and must
 * stay inside its root by whole path segments; only a regular file is opened — never a
 * folder, a named pipe, a socket or a device, whose reading would hang or never end —
 * and it is opened without blocking, then checked again on the open file, so a file
 * swapped for a pipe in between is refused too. Sizes are bounded. What is published
 * may not be a dot-file (`.git/config`, `.env`). Every refusal says why, for a message
 * at the place that asked for the file.
 */

export type Refusal =
  /** Nothing there. */
  | { kind: 'missing'; reason: string }
  /** It leads outside its root. */
  | { kind: 'outside'; reason: string; real: string }
  /** Bigger than the limit. */
  | { kind: 'too-large'; reason: string }
  /** A folder (a link to one may mean its index page). */
  | { kind: 'folder'; reason: string }
  /** Not a regular file, a dot-file, a dangling link, a loop, unreadable. */
  | { kind: 'refused'; reason: string };

export interface GuardOptions {
  /** Largest size accepted, in bytes. */
  maxBytes?: number;
  /** The file is to be published: dot-files are refused. */
  publish?: boolean;
}

export interface Found {
  ok: true;
  /** Where the file really is (links followed). */
  real: string;
  size: number;
}

export type Checked = Found | { ok: false; refusal: Refusal };

/** Check a file without opening it: where it leads, what it is, how big. */
export function checkFile(root: string, absolute: string, options: GuardOptions = {}): Checked {
  const refused = (kind: 'missing' | 'refused', reason: string): Checked => ({
    ok: false,
    refusal: { kind, reason },
  });
  if (!isInside(root, absolute)) {
    return {
      ok: false,
      refusal: { kind: 'outside', reason: 'is outside the project folder', real: absolute },
    };
  }
  if (options.publish && hasDotSegment(root, absolute)) {
    return refused(
      'refused',
      'is a hidden file (a name starting with a dot): it is never published',
    );
  }
  let link: Stats;
  try {
    link = lstatSync(absolute);
  } catch (error) {
    return refused('missing', errorReason(error));
  }
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (link.isSymbolicLink() && code === 'ENOENT')
      return refused('refused', 'is a link to something that does not exist');
    return refused('refused', errorReason(error));
  }
  const realRoot = realpathSync(root);
  if (!isInside(realRoot, real)) {
    return {
      ok: false,
      refusal: {
        kind: 'outside',
        reason: `leads to \`${real}\`, outside the project folder`,
        real,
      },
    };
  }
  if (options.publish && hasDotSegment(realRoot, real)) {
    return refused(
      'refused',
      'leads to a hidden file (a name starting with a dot): it is never published',
    );
  }
  const stats = statSync(real);
  if (stats.isDirectory())
    return { ok: false, refusal: { kind: 'folder', reason: 'is a folder, not a file' } };
  const kind = kindOf(stats);
  if (kind) return refused('refused', `is ${kind}, not a file`);
  const big = tooBig(stats.size, options);
  if (big) return { ok: false, refusal: { kind: 'too-large', reason: big } };
  return { ok: true, real, size: stats.size };
}

export type Read = (Found & { bytes: Buffer }) | { ok: false; refusal: Refusal };

// Non-blocking: opening a named pipe for reading would otherwise wait for a writer.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

type Opened =
  { ok: true; found: Found; handle: FileHandle; size: number } | { ok: false; refusal: Refusal };

/** Open what `checkFile` accepts and check the opened file again; the caller closes it. */
async function openChecked(root: string, absolute: string, options: GuardOptions): Promise<Opened> {
  const checked = checkFile(root, absolute, options);
  if (!checked.ok) return checked;
  let handle: FileHandle;
  try {
    handle = await open(checked.real, OPEN_FLAGS);
  } catch (error) {
    return { ok: false, refusal: { kind: 'refused', reason: errorReason(error) } };
  }
  const stats = await handle.stat();
  const refusal = openedRefusal(stats, options);
  if (refusal) {
    await handle.close();
    return { ok: false, refusal };
  }
  return { ok: true, found: checked, handle, size: stats.size };
}

/** Read a file that `checkFile` accepts, checking the opened file again. */
export async function readGuarded(
  root: string,
  absolute: string,
  options: GuardOptions = {},
): Promise<Read> {
  const opened = await openChecked(root, absolute, options);
  if (!opened.ok) return opened;
  const { handle } = opened;
  try {
    const limit = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
    // Read what is there, never more than the limit (a file may grow while it is read).
    const bytes = Buffer.alloc(Math.min(opened.size, limit));
    let length = 0;
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { ...opened.found, bytes: bytes.subarray(0, length) };
  } finally {
    await handle.close();
  }
}

/** Copy a file that `checkFile` accepts to `target` (a path we chose), streaming it. */
export async function copyGuarded(
  root: string,
  absolute: string,
  target: string,
  options: GuardOptions = {},
): Promise<{ ok: true } | { ok: false; refusal: Refusal }> {
  const opened = await openChecked(root, absolute, options);
  if (!opened.ok) return opened;
  try {
    await pipeline(opened.handle.createReadStream({ autoClose: false }), createWriteStream(target));
    return { ok: true };
  } finally {
    await opened.handle.close();
  }
}

/** Read a small file synchronously through the same checks (the config, during a sync step). */
export function readGuardedSync(root: string, absolute: string, options: GuardOptions = {}): Read {
  const checked = checkFile(root, absolute, options);
  if (!checked.ok) return checked;
  let fd: number;
  try {
    fd = openSync(checked.real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return { ok: false, refusal: { kind: 'refused', reason: errorReason(error) } };
  }
  try {
    const refusal = openedRefusal(fstatSync(fd), options);
    if (refusal) return { ok: false, refusal };
    const stats = fstatSync(fd);
    const limit = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
    const bytes = Buffer.alloc(Math.min(stats.size, limit));
    let length = 0;
    while (length < bytes.length) {
      const read = readSync(fd, bytes, length, bytes.length - length, length);
      if (read === 0) break;
      length += read;
    }
    return { ...checked, bytes: bytes.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

/** The opened file checked again: it may have been swapped since it was looked at. */
function openedRefusal(stats: Stats, options: GuardOptions): Refusal | undefined {
  const kind = kindOf(stats);
  if (kind) return { kind: 'refused', reason: `is ${kind}, not a file` };
  const big = tooBig(stats.size, options);
  return big ? { kind: 'too-large', reason: big } : undefined;
}

/** What a non-regular file is, in words; undefined for a regular file. */
function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** A segment of the path below `root` starting with a dot (`.git`, `.env`). */
function hasDotSegment(root: string, absolute: string): boolean {
  return toPosix(path.relative(root, absolute))
    .split('/')
    .some((segment) => segment.startsWith('.') && segment !== '.' && segment !== '..');
}

function errorReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'does not exist';
    case 'ELOOP':
      return 'is a loop of links';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    case 'ENAMETOOLONG':
      return 'has a name too long for the file system';
    case 'ENOTDIR':
      return 'does not exist (a part of its path is a file)';
    default:
      return `cannot be read (${(error as Error).message})`;
  }
}

function tooBig(size: number, options: GuardOptions): string | undefined {
  if (options.maxBytes === undefined || size <= options.maxBytes) return undefined;
  return `is ${megabytes(size)}; the limit is ${megabytes(options.maxBytes)}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
