import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { addError } from '../report/messages.ts';

/** Nesting no handbook needs, but which makes the Markdown parser recurse or crawl. */
export const LIMITS = {
  /** Consecutive `*`, `_`, `[`, `]`, `>`, `(`, `)`, `{`, `}`: emphasis and link parsing is quadratic in them. */
  run: 200,
  /** Blockquotes inside blockquotes. */
  quoteDepth: 100,
  /** Columns of indentation before a list marker (two or more per level of nesting). */
  listIndent: 200,
  /** HTML elements inside each other. */
  htmlDepth: 400,
} as const;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * Refuse a chapter whose nesting no prose has, before it reaches the parser: thousands of
 * nested quotes, lists or tags, or a run of thousands of `*`, would overflow the stack or
 * take minutes. The message names the place and the limit. True when the chapter is fine.
 */
export function checkLimits(file: VFile, body: string): boolean {
  const place = location(file);
  const fail = (offset: number, reason: string) => {
    addError(file, reason, place.toPoint(offset), 'limit');
    return false;
  };

  const run = new RegExp(`([*_\\[\\]>(){}])\\1{${LIMITS.run},}`).exec(body);
  if (run) {
    return fail(
      run.index,
      `${countRun(body, run.index)} \`${run[1]}\` in a row: more than ${LIMITS.run} is not prose`,
    );
  }
  const quote = new RegExp(`^(?:[ \\t]*>){${LIMITS.quoteDepth + 1},}`, 'm').exec(body);
  if (quote) return fail(quote.index, `Blockquotes nested more than ${LIMITS.quoteDepth} deep`);
  const list = new RegExp(`^[ \\t]{${LIMITS.listIndent},}(?:[-*+]|\\d{1,9}[.)])[ \\t]`, 'm').exec(
    body,
  );
  if (list) return fail(list.index, `A list nested more than ${LIMITS.listIndent} columns deep`);

  let depth = 0;
  for (const tag of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^<>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = tag;
    if (VOID.has(name!.toLowerCase()) || selfClosing) continue;
    depth += closing ? -1 : 1;
    if (depth > LIMITS.htmlDepth)
      return fail(tag.index, `HTML elements nested more than ${LIMITS.htmlDepth} deep`);
    if (depth < 0) depth = 0;
  }
  return true;
}

function countRun(text: string, start: number): number {
  let end = start;
  while (text[end] === text[start]) end++;
  return end - start;
}
