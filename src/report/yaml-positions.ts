import { isMap, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { VFile } from 'vfile';
import { addError } from './messages.ts';
import type { Position } from 'unist';
import type { location } from 'vfile-location';
import type { ZodError } from 'zod';

/** Offsets [start, end) of the YAML node at a path, or of its nearest existing ancestor. */
export function rangeOfPath(
  doc: Document,
  path: readonly PropertyKey[],
): [number, number] | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length) as unknown[], true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      return [node.range[0], node.range[1]];
    }
  }
  return undefined;
}

/** Offsets of a key inside the mapping at `path` (for "unknown key" problems). */
export function rangeOfKey(
  doc: Document,
  path: readonly PropertyKey[],
  key: string,
): [number, number] | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (isMap(map)) {
    for (const pair of map.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
        return [pair.key.range[0], pair.key.range[1]];
      }
    }
  }
  return rangeOfPath(doc, path);
}

export interface PlacedIssue {
  reason: string;
  range?: [number, number];
}

/** Zod issues as readable reasons ("title: expected string, received number") with YAML positions. */
export function placeZodIssues(
  doc: Document,
  error: ZodError,
  knownKeys: readonly string[] = [],
): PlacedIssue[] {
  const issues: PlacedIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path as PropertyKey[];
    const where = path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const suggestion = path.length === 0 ? closest(key, knownKeys) : undefined;
        const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
        const scope = where ? ` in \`${where}\`` : '';
        issues.push({
          reason: `Unknown key \`${key}\`${scope}${hint}`,
          range: rangeOfKey(doc, path, key),
        });
      }
      continue;
    }
    const text = issue.message.replace(/^Invalid input: /, '');
    issues.push({ reason: where ? `\`${where}\`: ${text}` : text, range: rangeOfPath(doc, path) });
  }
  return issues;
}

/** The known word nearest to `word` by edit distance, when it is close enough to be a typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** A span of offsets as a unist Position, when both ends fall inside the file. */
export function spanOf(
  place: ReturnType<typeof location>,
  range?: [number, number],
  shift = 0,
): Position | undefined {
  if (!range) return undefined;
  const start = place.toPoint(range[0] + shift);
  const end = place.toPoint(range[1] + shift);
  return start && end ? { start, end } : undefined;
}

/** A YAML parser error as one readable line, without the position the message shows anyway. */
export function yamlReason(error: { message: string }): string {
  return error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * A parsed YAML document's data. Aliases that expand into millions of nodes (a "billion
 * laughs" bomb) make the YAML library stop; that is reported at the first alias, with
 * the file, instead of as an error of the library's own.
 */
export function yamlData(
  doc: Document,
  file: VFile,
  place: ReturnType<typeof location>,
  shift = 0,
  ruleId: 'config' | 'front-matter' = 'config',
): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    const { reason, offset } = yamlDataProblem(doc, error);
    addError(
      file,
      reason,
      offset === undefined ? undefined : place.toPoint(offset + shift),
      ruleId,
    );
    return { ok: false };
  }
}

/** Why `toJS` failed, and where: an alias bomb is named at its first alias. */
export function yamlDataProblem(
  doc: Document,
  error: unknown,
): { reason: string; offset?: number } {
  const message = error instanceof Error ? error.message : String(error);
  if (!/alias/i.test(message)) return { reason: `Cannot read the YAML: ${message}` };
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return {
    reason:
      'YAML aliases expand to too much data (more than 100 uses of an anchor): write the values out',
    ...(offset === undefined ? {} : { offset }),
  };
}
