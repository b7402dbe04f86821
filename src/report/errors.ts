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
    const text = current instanceof Error ? current.message : String(current);
    lines.push(depth === 0 ? `error: ${text}` : `  caused by: ${text}`);
    if (current instanceof HandbookError && current.hint) lines.push(`  hint: ${current.hint}`);
    current = current instanceof Error ? current.cause : undefined;
    depth++;
  }
  return lines.join('\n');
}
