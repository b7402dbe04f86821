import path from 'node:path';
import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import type { Heading } from '../model/book.ts';
import { location } from 'vfile-location';
import { LIMITS } from '../load/limits.ts';
import { addError, addWarning, carryMessages, type CarriedMessage } from '../report/messages.ts';
import { budgetFor, InterruptedStep, withinBudget } from './budget.ts';
import { rawHtmlDeeperThan } from './raw-html-depth.ts';
import { nodeDeeperThan } from './tree-depth.ts';
import { rewriteShortcodes } from './shortcodes.ts';
import { rewriteTemplateLinks } from './source-rewrites.ts';
import { languageOf, highlighterFor } from './highlighter.ts';
import type { LinkIndex } from './link-index.ts';
import { createHtmlProcessor, createMarkdownProcessor, type HastRoot } from './processor.ts';

/** What a thread needs to transform one chapter. Plain data: it crosses threads. */
export interface ChapterInput {
  /** Source path relative to the project (POSIX); also the key of every result. */
  path: string;
  source: string;
  body: string;
  /** The front-matter title, which wins over a `# heading`. */
  frontMatterTitle?: string;
  /** The title a table of contents gives (SUMMARY.md, `nav:`), which wins over a heading. */
  listedTitle?: string;
  /** The title when neither front-matter nor a heading gives one. */
  fallbackTitle: string;
  /** What Hugo's `param` shortcode reads: the site's params and the page's. */
  params?: Record<string, string>;
}

/** What was read of other tools' syntax, per kind, for the build's summary. */
export type Counts = Partial<
  Record<'includes' | 'shortcodes' | 'admonitions' | 'templateLinks' | 'linksAsText', number>
>;

/** What parsing a chapter tells the others: its title and anchors, what it refers to. */
export interface ParsedChapter {
  path: string;
  title: string;
  headings: Heading[];
  /** The anchor of the chapter's lifted `# title`, when it had one. */
  titleId?: string;
  /** Ids written in raw HTML, which links may target too. */
  rawIds: string[];
  /** The paths its links and images are written with (resolved once all chapters are known). */
  references: string[];
  /** Languages of its code blocks, as the highlighter names them. */
  languages: string[];
  /** Left out of the book: over a budget of time or nesting (the message says which). */
  refused?: boolean;
  counts: Counts;
  messages: CarriedMessage[];
}

export interface RenderedChapter {
  path: string;
  hast?: HastRoot;
  /** Project-relative paths of files to copy into the output. */
  assets: string[];
  /** Left out: rendering it went over its budget. */
  refused?: boolean;
  counts: Counts;
  messages: CarriedMessage[];
}

/**
 * The transform of chapters, in whichever thread runs it: `parse` keeps each Markdown
 * tree until `render` turns it into HTML once every chapter's anchors are known.
 */
export class ChapterWork {
  private readonly trees = new Map<
    string,
    { tree: MdastRoot; file: VFile; languages: Set<string> }
  >();

  private readonly markdown: ReturnType<typeof createMarkdownProcessor>;

  constructor(private readonly root: string) {
    this.markdown = createMarkdownProcessor(root);
  }

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
        results.push({ path: p, assets: [], counts: {}, messages: [] });
        continue;
      }
      const { tree, file } = entry;
      const before = file.messages.length;
      let hast: HastRoot | undefined;
      let refused = false;
      try {
        const rendered = withinBudget(budgetFor(String(file.value).length, 'render'), () =>
          html.runSync(tree, file),
        );
        if (rendered.ok) hast = rendered.value as HastRoot;
        else {
          refuse(file, rendered.reason, 'render');
          refused = true;
        }
      } catch (error) {
        if (error instanceof InterruptedStep) throw error;
        addError(file, `Cannot render this chapter: ${reason(error)}`, undefined, 'internal');
      }
      results.push({
        path: p,
        ...(hast ? { hast } : {}),
        ...(refused ? { refused } : {}),
        assets: refused ? [] : (file.data.assets ?? []),
        counts: file.data.linksAsText ? { linksAsText: file.data.linksAsText } : {},
        messages: carryMessages(file, before),
      });
    }
    return results;
  }

  private parseOne(input: ChapterInput): ParsedChapter {
    const file = new VFile({ path: input.path, value: input.source });
    file.data.chapterPath = input.path;
    file.data.assets = [];
    if (input.params) file.data.params = input.params;
    // Other tools' template links and line-alone shortcodes, read within their own characters.
    const links = rewriteTemplateLinks(input.body);
    const shortcodes = rewriteShortcodes(links.body);
    const body = shortcodes.body;
    for (const dropped of shortcodes.dropped) {
      addWarning(
        file,
        `Hugo shortcode \`${dropped.name}\` is not one Handbook Press knows: it is taken away, its content kept`,
        location(file).toPoint(dropped.offset),
        'unknown-directive',
      );
    }
    const empty = {
      counts: {},
      path: input.path,
      title: input.fallbackTitle,
      headings: [],
      rawIds: [],
      references: [],
      languages: [],
    };
    try {
      const parsed = withinBudget(budgetFor(input.body.length), () => {
        const tree = this.markdown.parse(body);
        // Measured before any plugin walks it (they recurse once per level).
        const deep = nodeDeeperThan(tree, LIMITS.treeDepth);
        if (deep) return { deep };
        const html = rawHtmlDeeperThan(tree, LIMITS.htmlDepth);
        if (html !== undefined) return { html };
        return { tree: this.markdown.runSync(tree, file) as MdastRoot };
      });
      if (!parsed.ok || !parsed.value.tree) {
        if (!parsed.ok) refuse(file, parsed.reason, 'parse', input.body);
        else if (parsed.value.deep)
          refuseDeep(
            file,
            `Markdown nested more than ${LIMITS.treeDepth} levels deep`,
            parsed.value.deep.position?.start,
          );
        else
          refuseDeep(
            file,
            `HTML elements nested more than ${LIMITS.htmlDepth} deep`,
            location(file).toPoint(parsed.value.html!),
          );
        return { ...empty, refused: true, messages: carryMessages(file) };
      }
      const tree = parsed.value.tree;
      const found = scan(tree, path.posix.dirname(input.path), file);
      file.data.rawHtml = found.rawHtml;
      this.trees.set(input.path, { tree, file, languages: found.languages });
      return {
        path: input.path,
        title:
          input.frontMatterTitle ??
          file.data.includedTitle ??
          input.listedTitle ??
          file.data.headingTitle ??
          input.fallbackTitle,
        headings: file.data.headings ?? [],
        ...(file.data.titleId ? { titleId: file.data.titleId } : {}),
        rawIds: found.rawIds,
        references: found.references,
        languages: [...found.languages],
        counts: {
          includes: file.data.includes ?? 0,
          shortcodes:
            (file.data.shortcodes ?? 0) + shortcodes.converted + shortcodes.dropped.length,
          admonitions: file.data.admonitions ?? 0,
          templateLinks: links.count,
        },
        messages: carryMessages(file),
      };
    } catch (error) {
      if (error instanceof InterruptedStep) throw error;
      addError(file, `Cannot parse this chapter: ${reason(error)}`, undefined, 'internal');
      return { ...empty, messages: carryMessages(file) };
    }
  }
}

/** A chapter over its time (or stack) budget is left out, with a warning where it likely went wrong. */
function refuse(file: VFile, why: 'time' | 'stack', step: 'parse' | 'render', body?: string): void {
  const seconds = budgetFor(String(file.value).length, step) / 1000;
  const reason =
    why === 'time'
      ? `Chapter left out: it takes longer than ${seconds} s to ${step} (Markdown no prose has, such as thousands of unmatched \`*\` or \`_\`)`
      : `Chapter left out: it is nested too deeply to ${step}`;
  addWarning(file, reason, body ? densestLine(file, body) : undefined, 'limit');
}

function refuseDeep(file: VFile, what: string, at: { line: number; column: number } | undefined) {
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

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
