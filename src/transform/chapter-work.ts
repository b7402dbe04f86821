import path from 'node:path';
import type { Root as MdastRoot } from 'mdast';
import { VFile } from 'vfile';
import type { Heading } from '../model/book.ts';
import { location } from 'vfile-location';
import { LIMITS } from '../load/limits.ts';
import { addError, addWarning, carryMessages, type CarriedMessage } from '../report/messages.ts';
import { budgetFor, eachWithinBudget, InterruptedStep } from './budget.ts';
import { refuse, refuseDeep, scan } from './chapter-scan.ts';
import { rawHtmlDeeperThan } from './raw-html-depth.ts';
import { nodeDeeperThan } from './tree-depth.ts';
import { rewriteShortcodes } from './shortcodes.ts';
import { rewriteAdmonitionTitles, rewriteTemplateLinks } from './source-rewrites.ts';
import { highlighterFor } from './highlighter.ts';
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
  /** Files other than its own that it was made from (includes, found or not), project-relative. */
  dependencies?: string[];
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

  /** Parse chapters, each under its time budget; one over it is left out, with a warning. */
  parse(inputs: ChapterInput[]): ParsedChapter[] {
    const outcomes = eachWithinBudget(
      inputs,
      (input) => budgetFor(input.body.length),
      (input) => this.parseOne(input),
    );
    return outcomes.map((outcome, i) => {
      if (outcome.ok) return outcome.value;
      const input = inputs[i]!;
      const file = new VFile({ path: input.path, value: input.source });
      refuse(file, outcome.reason, 'parse', input.body);
      return { ...emptyParse(input), refused: true, messages: carryMessages(file) };
    });
  }

  async render(paths: string[], index: LinkIndex): Promise<RenderedChapter[]> {
    const languages = new Set<string>();
    for (const p of paths) for (const l of this.trees.get(p)?.languages ?? []) languages.add(l);
    const html = createHtmlProcessor({
      root: this.root,
      index,
      highlighter: await highlighterFor(languages),
    });
    const entries = paths.map((p) => {
      const entry = this.trees.get(p);
      this.trees.delete(p);
      return { path: p, entry, before: entry?.file.messages.length ?? 0 };
    });
    const outcomes = eachWithinBudget(
      entries,
      ({ entry }) => budgetFor(String(entry?.file.value ?? '').length, 'render'),
      ({ entry }) =>
        entry ? guard(() => html.runSync(entry.tree, entry.file) as HastRoot) : undefined,
      // Begun again from the start: what the first attempt said goes.
      ({ entry, before }) => {
        if (entry) entry.file.messages.length = before;
      },
    );
    return entries.map(({ path: p, entry, before }, i): RenderedChapter => {
      if (!entry) return { path: p, assets: [], counts: {}, messages: [] };
      const { file } = entry;
      const outcome = outcomes[i]!;
      const refused = !outcome.ok;
      if (!outcome.ok) refuse(file, outcome.reason, 'render');
      else if (outcome.value instanceof Error)
        addError(
          file,
          `Cannot render this chapter: ${outcome.value.message}`,
          undefined,
          'internal',
        );
      const hast = outcome.ok && !(outcome.value instanceof Error) ? outcome.value : undefined;
      return {
        path: p,
        ...(hast ? { hast } : {}),
        ...(refused ? { refused } : {}),
        assets: refused ? [] : (file.data.assets ?? []),
        counts: file.data.linksAsText ? { linksAsText: file.data.linksAsText } : {},
        messages: carryMessages(file, before),
      };
    });
  }

  private parseOne(input: ChapterInput): ParsedChapter {
    const file = new VFile({ path: input.path, value: input.source });
    file.data.chapterPath = input.path;
    file.data.assets = [];
    if (input.params) file.data.params = input.params;
    // Other tools' template links and line-alone shortcodes, read within their own characters.
    const links = rewriteTemplateLinks(rewriteAdmonitionTitles(input.body).body);
    const shortcodes = rewriteShortcodes(links.body);
    const body = shortcodes.body;
    // What is parsed, for plugins that look for their syntax before walking the tree.
    file.data.markdown = body;
    for (const dropped of shortcodes.dropped) {
      addWarning(
        file,
        `Hugo shortcode \`${dropped.name}\` is not one Handbook Press knows: it is taken away, its content kept`,
        location(file).toPoint(dropped.offset),
        'unknown-directive',
      );
    }
    const empty = emptyParse(input);
    try {
      const parsed = this.markdown.parse(body);
      // Measured before any plugin walks it (they recurse once per level).
      const deep = nodeDeeperThan(parsed, LIMITS.treeDepth);
      const html = deep ? undefined : rawHtmlDeeperThan(parsed, LIMITS.htmlDepth);
      if (deep || html !== undefined) {
        if (deep)
          refuseDeep(
            file,
            `Markdown nested more than ${LIMITS.treeDepth} levels deep`,
            deep.position?.start,
          );
        else
          refuseDeep(
            file,
            `HTML elements nested more than ${LIMITS.htmlDepth} deep`,
            location(file).toPoint(html!),
          );
        return { ...empty, refused: true, messages: carryMessages(file) };
      }
      const tree = this.markdown.runSync(parsed, file) as MdastRoot;
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
        ...(file.data.includedPaths ? { dependencies: [...new Set(file.data.includedPaths)] } : {}),
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
      // The budget's to answer: a Ctrl-C, or a stack the chapter overflowed.
      if (error instanceof InterruptedStep || isStackOverflow(error)) throw error;
      addError(file, `Cannot parse this chapter: ${reason(error)}`, undefined, 'internal');
      return { ...empty, messages: carryMessages(file) };
    }
  }
}

/** What a chapter that could not be parsed tells the others: its name, nothing else. */
function emptyParse(input: ChapterInput): Omit<ParsedChapter, 'messages'> {
  return {
    counts: {},
    path: input.path,
    title: input.fallbackTitle,
    headings: [],
    rawIds: [],
    references: [],
    languages: [],
  };
}

/** Run a render step; an error of the chapter's own comes back as the value, to report. */
function guard<T>(step: () => T): T | Error {
  try {
    return step();
  } catch (error) {
    if (error instanceof InterruptedStep || isStackOverflow(error)) throw error;
    return error instanceof Error ? error : new Error(String(error));
  }
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
