import path from 'node:path';

/**
 * True when `target` is `dir` itself or lies beneath it (both absolute, already resolved),
 * decided by whole path segments: `/work/book-old` is not inside `/work/book`, and
 * `/work/book/..notes` is.
 */
export function isInside(dir: string, target: string): boolean {
  const relative = path.relative(dir, target);
  if (relative === '') return true;
  if (path.isAbsolute(relative)) return false;
  return relative.split(path.sep)[0] !== '..';
}

/** A path with POSIX separators, as written in Markdown and shown in messages. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** decodeURIComponent that keeps text it cannot decode (a stray "%") as it is. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
