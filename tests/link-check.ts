import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';

export interface PageFacts {
  ids: Set<string>;
  links: { attribute: string; value: string }[];
  title: string;
  lang: string | undefined;
}

/** Ids, links, title and lang of one HTML file. */
export async function readPage(file: string): Promise<PageFacts> {
  const tree = fromHtml(await readFile(file, 'utf8'));
  const facts: PageFacts = { ids: new Set(), links: [], title: '', lang: undefined };
  visit(tree, 'element', (node: Element) => {
    const { properties } = node;
    if (typeof properties.id === 'string') facts.ids.add(properties.id);
    if (node.tagName === 'html' && typeof properties.lang === 'string')
      facts.lang = properties.lang;
    if (node.tagName === 'title')
      facts.title = node.children.map((c) => ('value' in c ? c.value : '')).join('');
    for (const attribute of ['href', 'src']) {
      const value = properties[attribute];
      if (typeof value === 'string') facts.links.push({ attribute, value });
    }
  });
  return facts;
}

/**
 * Every relative URL in every HTML file of `dir` that does not resolve: a missing file, or
 * a `#fragment` with no such id in the target page. Absolute URLs (`/x`, `http:`) are
 * reported too: the edition must work from disk and under any sub-path.
 */
export async function brokenLinks(dir: string): Promise<string[]> {
  const pages = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.html'));
  const facts = new Map<string, PageFacts>();
  for (const page of pages) facts.set(path.join(dir, page), await readPage(path.join(dir, page)));
  const broken: string[] = [];
  for (const [file, page] of facts) {
    for (const { value } of page.links) {
      if (/^(https?:|mailto:)/.test(value)) continue;
      if (/^[a-z]+:|^\/\//i.test(value) || value.startsWith('/')) {
        broken.push(`${path.relative(dir, file)}: absolute URL ${value}`);
        continue;
      }
      const [target = '', fragment] = value.split('#');
      const targetFile =
        target === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
      if (!existsSync(targetFile)) {
        broken.push(`${path.relative(dir, file)}: missing ${value}`);
        continue;
      }
      if (fragment && targetFile.endsWith('.html')) {
        const targetPage = facts.get(targetFile);
        if (!targetPage?.ids.has(decodeURIComponent(fragment)))
          broken.push(`${path.relative(dir, file)}: no anchor ${value}`);
      }
    }
  }
  return broken;
}
