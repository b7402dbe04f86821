import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyGuarded } from '../guard/files.ts';
import { isInside } from '../load/paths.ts';
import { HandbookError } from '../report/errors.ts';

/**
 * Writes into one output folder, making parent folders as needed. It remembers what it
 * wrote (a key per file): a folder kept between builds (`handbook dev`) skips a file whose
 * key has not changed, so a rebuild writes only what changed.
 */
export class OutputFolder {
  private readonly made = new Set<string>();
  private readonly written = new Map<string, string>();

  constructor(readonly dir: string) {}

  async write(relative: string, content: string | Uint8Array): Promise<void> {
    const target = await this.prepare(relative);
    await writeFile(target, content);
    this.written.delete(relative);
  }

  /** Remove a file written earlier (a step's own, not for publishing). */
  async remove(relative: string): Promise<void> {
    await rm(this.path(relative), { force: true });
    this.written.delete(relative);
  }

  /** Write `produce()` unless this file was last written with the same `key`. */
  async writeKeyed(relative: string, key: string, produce: () => string): Promise<boolean> {
    if (this.written.get(relative) === key) return false;
    await this.write(relative, produce());
    this.written.set(relative, key);
    return true;
  }

  /**
   * Copy a file in through the file guard (`root`: the folder it must stay inside), unless
   * the same source (by size and modification time) was copied last.
   */
  async copy(source: string, relative: string, root: string): Promise<void> {
    const { size, mtimeMs } = await stat(source);
    const key = `${source}:${size}:${mtimeMs}`;
    if (this.written.get(relative) === key) return;
    const target = await this.prepare(relative);
    const copied = await copyGuarded(root, source, target);
    // The transform checked this file already; it changed into something else since.
    if (!copied.ok) throw new HandbookError(`\`${source}\` ${copied.refusal.reason}`);
    this.written.set(relative, key);
  }

  /** Where a file of the output goes; a path leading out of the folder is a mistake of ours. */
  path(relative: string): string {
    const target = path.join(this.dir, ...relative.split('/'));
    if (!isInside(this.dir, target) || target === this.dir)
      throw new HandbookError(`Refusing to write \`${relative}\` outside the output folder`);
    return target;
  }

  private async prepare(relative: string): Promise<string> {
    const target = this.path(relative);
    const parent = path.dirname(target);
    if (!this.made.has(parent)) {
      await mkdir(parent, { recursive: true });
      this.made.add(parent);
    }
    return target;
  }
}
