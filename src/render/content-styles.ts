import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element } from 'hast';
import { visit, EXIT } from 'unist-util-visit';
import type { Book } from '../model/book.ts';
import type { OutputFolder } from './output-files.ts';

const require = createRequire(import.meta.url);

/** What both editions link besides the theme: the styles of drawn diagrams and of math. */
export const CONTENT_STYLESHEET = 'assets/content.css';
const KATEX_DIR = 'assets/katex';

/**
 * assets/content.css: each diagram's styles (scoped to its drawing) and, when a chapter
 * has math, KaTeX's stylesheet with its fonts from the `katex` package (woff2 only,
 * copied beside it). Written for every build, empty when there is nothing to style.
 */
export async function writeContentStyles(book: Book, out: OutputFolder): Promise<void> {
  const parts = [...(book.contentCss ?? [])];
  if (book.chapters.some((c) => c.hast && hasMath(c.hast))) {
    const stylesheet = require.resolve('katex/dist/katex.min.css');
    const fonts = path.join(path.dirname(stylesheet), 'fonts');
    const css = (await readFile(stylesheet, 'utf8')).replace(
      /src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*/g,
      (_, name: string) => `src:url(katex/${name}.woff2) format("woff2")`,
    );
    const used = new Set([...css.matchAll(/url\(katex\/([\w-]+\.woff2)\)/g)].map((m) => m[1]!));
    await Promise.all(
      [...used].map((name) => out.copy(path.join(fonts, name), `${KATEX_DIR}/${name}`, fonts)),
    );
    parts.unshift(css);
  }
  const css = parts.join('\n');
  await out.writeKeyed(CONTENT_STYLESHEET, css, () => css);
}

function hasMath(tree: Parameters<typeof visit>[0]): boolean {
  let found = false;
  visit(tree, 'element', (node: Element) => {
    const classes = node.properties.className;
    if (Array.isArray(classes) && classes.includes('katex')) {
      found = true;
      return EXIT;
    }
    return undefined;
  });
  return found;
}
