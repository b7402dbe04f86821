import path from 'node:path';
import { VFile } from 'vfile';
import { terminalPath } from '../guard/terminal.ts';
import { hasFailures } from './messages.ts';

/**
 * The files problems are reported against: one VFile per source file, keyed by absolute
 * path, shown relative to the directory the user ran the command from.
 */
export class Diagnostics {
  private readonly files = new Map<string, VFile>();

  constructor(private readonly cwd: string = process.cwd()) {}

  /** The VFile for an absolute path, made on first use; `value` lets messages carry positions. */
  file(absolute: string, value?: string): VFile {
    let file = this.files.get(absolute);
    if (!file) {
      file = new VFile({ path: this.display(absolute), data: { absolutePath: absolute } });
      this.files.set(absolute, file);
    }
    if (value !== undefined) file.value = value;
    return file;
  }

  /** Adopt a VFile made elsewhere (the config loader's). */
  adopt(absolute: string, file: VFile): void {
    this.files.set(absolute, file);
  }

  /** How a path is shown to the user: relative to where they ran the command, printable. */
  display(absolute: string): string {
    const relative = path.relative(this.cwd, absolute);
    // Relative while it stays near (`../other-book/src/x.md`), absolute when it is far off.
    const climbs = relative.split(path.sep).filter((s) => s === '..').length;
    return terminalPath(climbs > 2 || path.isAbsolute(relative) ? absolute : relative || '.');
  }

  /**
   * Take in what another Diagnostics found (another edition's transform), leaving out a
   * message already here: an original standing in for its translation says its problems once.
   */
  merge(other: Diagnostics): void {
    for (const [absolute, from] of other.files) {
      const into = this.file(absolute, from.value === undefined ? undefined : String(from.value));
      const seen = new Set(into.messages.map(messageKey));
      for (const message of from.messages)
        if (!seen.has(messageKey(message))) into.messages.push(message);
    }
  }

  all(): VFile[] {
    return [...this.files.values()];
  }

  /** Files with at least one message, in a stable order. */
  withMessages(): VFile[] {
    return this.all()
      .filter((f) => f.messages.length > 0)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  failed(strict = false): boolean {
    return hasFailures(this.files.values(), strict);
  }

  counts(): { errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    for (const file of this.files.values()) {
      for (const m of file.messages) {
        if (m.fatal) errors++;
        else if (m.fatal === false) warnings++;
      }
    }
    return { errors, warnings };
  }
}

function messageKey(m: VFile['messages'][number]): string {
  return [m.fatal, m.line, m.column, m.ruleId, m.reason].join('\0');
}
