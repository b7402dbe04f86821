import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes into one output folder, making parent folders as needed. */
export class OutputFolder {
  private readonly made = new Set<string>();

  constructor(readonly dir: string) {}

  async write(relative: string, content: string | Uint8Array): Promise<void> {
    const target = await this.prepare(relative);
    await writeFile(target, content);
  }

  async copy(source: string, relative: string): Promise<void> {
    const target = await this.prepare(relative);
    await copyFile(source, target);
  }

  path(relative: string): string {
    return path.join(this.dir, ...relative.split('/'));
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
