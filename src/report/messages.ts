import type { VFile } from 'vfile';
import { terminalSafe } from '../guard/terminal.ts';
import type { VFileMessage } from 'vfile-message';

import type { Point, Position } from 'unist';

/** Where a problem is: a point, a span, or nowhere in particular (the whole file). */
type Place = Point | Position | { line: number; column: number };

/** Rule ids of the problems a user can cause; each is documented in the README. */
export type RuleId =
  | 'config'
  | 'front-matter'
  | 'front-matter-code'
  | 'read'
  | 'broken-link'
  | 'missing-image'
  | 'outside-project'
  | 'refused-file'
  | 'unknown-directive'
  | 'unknown-language'
  | 'duplicate-slug'
  | 'classification'
  | 'unsafe-html'
  | 'remote-resource'
  | 'no-chapters'
  | 'limit'
  | 'internal'
  | 'duplicate-id'
  | 'heading-level'
  | 'missing-alt'
  | 'link-text'
  | 'table-header'
  | 'marking-contrast'
  | 'previous-edition'
  | 'acronym'
  | 'review'
  | 'missing-glyph'
  | 'math'
  | 'diagram'
  | 'translation';

/** Record an error on a file without stopping: the build goes on and fails at the end. */
export function addError(
  file: VFile,
  reason: string,
  place: Place | undefined,
  ruleId: RuleId,
): VFileMessage {
  const message = file.message(terminalSafe(reason), { place, ruleId, source: 'handbook' });
  message.fatal = true;
  return message;
}

/** Record a warning on a file; `--strict` turns warnings into a failed build. */
export function addWarning(
  file: VFile,
  reason: string,
  place: Place | undefined,
  ruleId: RuleId,
): VFileMessage {
  // Reasons quote the author's text: escaped once, here, for every place they are shown.
  return file.message(terminalSafe(reason), { place, ruleId, source: 'handbook' });
}

/** True when any message of the files is an error (or a warning, when strict). */
export function hasFailures(files: Iterable<VFile>, strict = false): boolean {
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal || (strict && message.fatal === false)) return true;
    }
  }
  return false;
}

/** A problem carried as plain data: between threads, or kept in a cache for the next build. */
export interface CarriedMessage {
  reason: string;
  ruleId: string;
  fatal: boolean;
  start?: { line: number; column: number };
  end?: { line: number; column: number };
}

/** A file's messages (from index `from` on) as plain data. */
export function carryMessages(file: VFile, from = 0): CarriedMessage[] {
  return file.messages.slice(from).map((m) => ({
    reason: m.reason,
    ruleId: m.ruleId ?? 'internal',
    fatal: m.fatal === true,
    ...(m.place && 'start' in m.place
      ? { start: point(m.place.start), end: point(m.place.end) }
      : m.place
        ? { start: point(m.place) }
        : {}),
  }));
}

/** Record a carried message on a file again. */
export function replayMessage(file: VFile, message: CarriedMessage): void {
  const place = message.start
    ? message.end
      ? { start: message.start, end: message.end }
      : message.start
    : undefined;
  const add = message.fatal ? addError : addWarning;
  add(file, message.reason, place, message.ruleId as RuleId);
}

function point(p: { line: number; column: number }) {
  return { line: p.line, column: p.column };
}
