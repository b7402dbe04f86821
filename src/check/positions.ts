import type { Point } from 'unist';

/** The point `offset` characters into a text node that starts at `start`. */
export function pointInText(
  start: Point | undefined,
  text: string,
  offset: number,
): Point | undefined {
  if (!start) return undefined;
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  if (lines.length === 1) return { line: start.line, column: start.column + offset };
  return { line: start.line + lines.length - 1, column: lines[lines.length - 1]!.length + 1 };
}
