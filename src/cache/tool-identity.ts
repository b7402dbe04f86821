import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../cli/version.ts';
import { packageRoot } from './cache-dir.ts';

let identity: string | undefined;

/**
 * What made a cached result: this version of Handbook Press, its sources and the exact
 * versions of what it depends on (the lock file). Any change to them and every entry of an
 * older build is a miss, so a cached chapter is always what this code would make of it.
 */
export function toolIdentity(): string {
  if (identity) return identity;
  const hash = createHash('sha256').update(`${VERSION}\0`);
  const root = packageRoot();
  if (root) {
    const sources = path.join(root, 'src');
    const files = readdirSync(sources, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    for (const file of files)
      hash.update(`${path.relative(root, file)}\0`).update(readFileSync(file));
    try {
      hash.update(readFileSync(path.join(root, 'package-lock.json')));
    } catch {
      // installed without a lock file: the version stands for it
    }
  }
  identity = hash.digest('hex');
  return identity;
}
