import { terminalSafe } from '../guard/terminal.ts';

/**
 * A failure that is not about a position in the user's content: no browser, an unwritable
 * output folder, a crashed print. `hint` tells the user what to do about it.
 */
export class HandbookError extends Error {
  override name = 'HandbookError';
  readonly hint?: string;

  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, { cause: options.cause });
    if (options.hint) this.hint = options.hint;
  }
}

/** An error and its causes, one line each: "failed to print — caused by: …". */
export function formatErrorChain(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  let depth = 0;
  while (current !== undefined && current !== null && depth < 8) {
    // Messages may quote a path or a title: one line each, no control characters.
    const text = terminalSafe(current instanceof Error ? current.message : String(current));
    lines.push(depth === 0 ? `error: ${text}` : `  caused by: ${text}`);
    if (current instanceof HandbookError && current.hint)
      lines.push(`  hint: ${terminalSafe(current.hint)}`);
    current = current instanceof Error ? current.cause : undefined;
    depth++;
  }
  return lines.join('\n');
}

/**
 * File-system failures a user can cause or fix (a full disk, a read-only or protected
 * folder) as a sentence that says so; other errors come back unchanged.
 */
export function explainFileError(error: unknown, where: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // Name the folder the user chose: the failing path may be a staging file or, for a
  // copy, even the source.
  switch (code) {
    case 'ENOSPC':
      return new HandbookError(`The disk is full: cannot write into \`${where}\``, {
        cause: error,
        hint: 'Free some space or choose another --out; the previous output is unchanged.',
      });
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new HandbookError(
        `Cannot write into \`${where}\`: the folder is read-only or not yours`,
        {
          cause: error,
          hint: 'Choose another --out, or make the folder writable.',
        },
      );
    case 'EDQUOT':
      return new HandbookError(`Disk quota exceeded: cannot write into \`${where}\``, {
        cause: error,
      });
    default:
      return error;
  }
}
