import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../report/messages.ts';
import { budgetFor } from './budget.ts';
import { languageOf } from './highlighter.ts';

/** A chapter over its time (or stack) budget is left out, with a warning where it likely went wrong. */
export function refuse(
  file: VFile,
  why: 'time' | 'stack',
  step: 'parse' | 'render',
  body?: string,
): void {
  const seconds = budgetFor(String(file.value).length, step) / 1000;
  const reason =
    why === 'time'
      ? `Chapter left out: it takes longer than ${seconds} s to ${step} (Markdown no prose has, such as thousands of unmatched \`*\` or \`_\`)`
      : `Chapter left out: it is nested too deeply to ${step}`;
  addWarning(file, reason, body ? densestLine(file, body) : undefined, 'limit');
}

export function refuseDeep(
  file: VFile,
  what: string,
  at: { line: number; column: number } | undefined,
) {
  addWarning(file, `Chapter left out: ${what}`, at, 'limit');
}

/** The line with the most emphasis and link markers: where a slow parse most likely is. */
function densestLine(file: VFile, body: string): { line: number; column: number } | undefined {
  let best = { line: 0, count: 0 };
  body.split('\n').forEach((text, i) => {
    let count = 0;
    for (const char of text)
      if (char === '*' || char === '_' || char === '[' || char === ']') count++;
    if (count > best.count) best = { line: i + 1, count };
  });
  return best.count > 0 ? { line: best.line, column: 1 } : undefined;
}

const SCHEME = /^[a-z][a-z\d+.-]*:|^\/\//i;

/**
 * One walk over the tree for what the other chapters and the render need to know: raw
 * HTML and the ids written in it, every local path its links and images point at, and
 * the languages of its code blocks.
 */
export function scan(tree: MdastRoot, chapterDir: string, file: VFile) {
  const found = {
    rawHtml: false,
    rawIds: [] as string[],
    references: [] as string[],
    languages: new Set<string>(),
  };
  const urls: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'html') {
      found.rawHtml = true;
      // The HTML parser drops these silently (a chapter is a part of a page): say so.
      const page = /<(html|head|body)\b/i.exec(node.value);
      if (page) {
        const reason = `Removed \`<${page[1]!.toLowerCase()}>\` and its attributes: a chapter is a part of a page`;
        addWarning(file, reason, node.position, 'unsafe-html');
      }
      for (const m of node.value.matchAll(/\bid\s*=\s*["']?([^"'\s>]+)/gi))
        found.rawIds.push(m[1]!);
      // `<a name="x">` becomes an id (rehype-named-anchors): an anchor as well.
      for (const m of node.value.matchAll(/<a\b[^>]*?\bname\s*=\s*["']?([^"'\s>]+)/gi))
        found.rawIds.push(m[1]!);
      for (const m of node.value.matchAll(/\b(?:href|src)\s*=\s*["']?([^"'\s>]+)/gi))
        urls.push(m[1]!);
    } else if (node.type !== 'heading' && typeof node.data?.hProperties?.id === 'string') {
      // An id set by an attribute list (`**locale**{ #mkdocs-locale }`) is an anchor too.
      found.rawIds.push(node.data.hProperties.id);
      if ('url' in node && typeof node.url === 'string') urls.push(node.url);
    } else if (node.type === 'code') {
      const language = node.lang ? languageOf(node.lang) : undefined;
      if (language) found.languages.add(language);
    } else if ('url' in node && typeof node.url === 'string') {
      urls.push(node.url);
    }
  });
  // The links as written: where each leads is worked out once every chapter is known.
  const paths = new Set<string>();
  for (const url of urls) {
    const bare = url.replace(/[?#].*$/, '');
    if (bare && !SCHEME.test(url)) paths.add(bare);
  }
  found.references = [...paths];
  return found;
}
