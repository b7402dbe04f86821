import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { addWarning } from '../report/messages.ts';

/** Nesting no handbook needs, but which makes the Markdown parser recurse or crawl. */
export const LIMITS = {
  /** Consecutive `*`, `_`, `[`, `]`, `>`, `(`, `)`, `{`, `}`: emphasis and link parsing is quadratic in them. */
  run: 200,
  /** Blockquotes inside blockquotes. */
  quoteDepth: 100,
  /** Columns of indentation before a list marker (two or more per level of nesting). */
  listIndent: 200,
  /** HTML elements inside each other, as the HTML parser nests them. */
  htmlDepth: 200,
  /** Levels of the parsed Markdown tree (quotes in lists in quotes …). */
  treeDepth: 120,
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
 * take minutes. The chapter is left out, with a warning naming the place and the limit;
 * the rest of the handbook is built. True when the chapter is fine. This is the quick
 * first look: the parsed tree is measured again (transform/tree-depth.ts) and parsing
 * runs under a time budget (transform/budget.ts), so what slips past here is caught there.
 */
export function checkLimits(file: VFile, body: string): boolean {
  const place = location(file);
  const fail = (offset: number, reason: string) => {
    addWarning(file, `Chapter left out: ${lowerFirst(reason)}`, place.toPoint(offset), 'limit');
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
  // Attribute values may hold `<` and `>`: quoted ones are read as the HTML tokenizer reads them.
  for (const tag of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)(?:[^<>"']|"[^"]*"|'[^']*')*?(\/?)>/g)) {
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

function lowerFirst(text: string): string {
  return /^[A-Z](?![A-Z])/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
