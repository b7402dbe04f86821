import path from 'node:path';
import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import type { Heading } from '../model/book.ts';
import { addError, addWarning, carryMessages, type CarriedMessage } from '../report/messages.ts';
import { languageOf, highlighterFor } from './highlighter.ts';
import type { LinkIndex } from './link-index.ts';
import { resolveTarget } from './plugins/rehype-chapter-links.ts';
import { createHtmlProcessor, createMarkdownProcessor, type HastRoot } from './processor.ts';

/** What a thread needs to transform one chapter. Plain data: it crosses threads. */
export interface ChapterInput {
  /** Source path relative to the project (POSIX); also the key of every result. */
  path: string;
  source: string;
  body: string;
  /** The front-matter title, which wins over a `# heading`. */
  frontMatterTitle?: string;
  /** The title when neither front-matter nor a heading gives one. */
  fallbackTitle: string;
}

/** What parsing a chapter tells the others: its title and anchors, what it refers to. */
export interface ParsedChapter {
  path: string;
  title: string;
  headings: Heading[];
  /** The anchor of the chapter's lifted `# title`, when it had one. */
  titleId?: string;
  /** Ids written in raw HTML, which links may target too. */
  rawIds: string[];
  /** Project paths of the chapters and files its links and images point at. */
  references: string[];
  /** Languages of its code blocks, as the highlighter names them. */
  languages: string[];
  messages: CarriedMessage[];
}

export interface RenderedChapter {
  path: string;
  hast?: HastRoot;
  /** Project-relative paths of files to copy into the output. */
  assets: string[];
  messages: CarriedMessage[];
}

const markdown = createMarkdownProcessor();

/**
 * The transform of chapters, in whichever thread runs it: `parse` keeps each Markdown
 * tree until `render` turns it into HTML once every chapter's anchors are known.
 */
export class ChapterWork {
  private readonly trees = new Map<
    string,
    { tree: MdastRoot; file: VFile; languages: Set<string> }
  >();

  constructor(private readonly root: string) {}

  parse(inputs: ChapterInput[]): ParsedChapter[] {
    return inputs.map((input) => this.parseOne(input));
  }

  async render(paths: string[], index: LinkIndex): Promise<RenderedChapter[]> {
    const languages = new Set<string>();
    for (const p of paths) for (const l of this.trees.get(p)?.languages ?? []) languages.add(l);
    const html = createHtmlProcessor({
      root: this.root,
      index,
      highlighter: await highlighterFor(languages),
    });
    const results: RenderedChapter[] = [];
    for (const p of paths) {
      const entry = this.trees.get(p);
      this.trees.delete(p);
      if (!entry) {
        results.push({ path: p, assets: [], messages: [] });
        continue;
      }
      const { tree, file } = entry;
      const before = file.messages.length;
      let hast: HastRoot | undefined;
      try {
        hast = (await html.run(tree, file)) as HastRoot;
      } catch (error) {
        addError(file, `Cannot render this chapter: ${reason(error)}`, undefined, 'internal');
      }
      results.push({
        path: p,
        ...(hast ? { hast } : {}),
        assets: file.data.assets ?? [],
        messages: carryMessages(file, before),
      });
    }
    return results;
  }

  private parseOne(input: ChapterInput): ParsedChapter {
    const file = new VFile({ path: input.path, value: input.source });
    file.data.chapterPath = input.path;
    file.data.assets = [];
    const empty = { path: input.path, title: input.fallbackTitle, headings: [], rawIds: [] };
    try {
      const tree = markdown.runSync(markdown.parse(input.body), file) as MdastRoot;
      const found = scan(tree, path.posix.dirname(input.path), file);
      file.data.rawHtml = found.rawHtml;
      this.trees.set(input.path, { tree, file, languages: found.languages });
      return {
        path: input.path,
        title: input.frontMatterTitle ?? file.data.headingTitle ?? input.fallbackTitle,
        headings: file.data.headings ?? [],
        ...(file.data.titleId ? { titleId: file.data.titleId } : {}),
        rawIds: found.rawIds,
        references: found.references,
        languages: [...found.languages],
        messages: carryMessages(file),
      };
    } catch (error) {
      addError(file, `Cannot parse this chapter: ${reason(error)}`, undefined, 'internal');
      return { ...empty, references: [], languages: [], messages: carryMessages(file) };
    }
  }
}

const SCHEME = /^[a-z][a-z\d+.-]*:|^\/\//i;

/**
 * One walk over the tree for what the other chapters and the render need to know: raw
 * HTML and the ids written in it, every local path its links and images point at, and
 * the languages of its code blocks.
 */
function scan(tree: MdastRoot, chapterDir: string, file: VFile) {
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
      for (const m of node.value.matchAll(/\b(?:href|src)\s*=\s*["']?([^"'\s>]+)/gi))
        urls.push(m[1]!);
    } else if (node.type === 'code') {
      const language = node.lang ? languageOf(node.lang) : undefined;
      if (language) found.languages.add(language);
    } else if ('url' in node && typeof node.url === 'string') {
      urls.push(node.url);
    }
  });
  const paths = new Set<string>();
  for (const url of urls) {
    const bare = url.replace(/[?#].*$/, '');
    if (bare && !SCHEME.test(url)) paths.add(resolveTarget(bare, chapterDir));
  }
  found.references = [...paths];
  return found;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
