/**
 * Text from a chapter or a file name, made safe to print in a terminal or a CI log:
 * control characters (ESC, BEL, line breaks, C1 codes), Unicode line separators and the
 * marks that reorder text (Trojan Source) are shown as escapes (`\u{1b}`), so they can
 * neither drive the terminal nor start a line of their own (`::error::` in CI logs).
 */
export function terminalSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- these are exactly what must not pass
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g,
    (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`,
  );
}

/** A path as printed at the start of a line: safe, and never beginning with author text. */
export function terminalPath(shown: string): string {
  const safe = terminalSafe(shown);
  return /^[\w./~-]/.test(safe) ? safe : `./${safe}`;
}
