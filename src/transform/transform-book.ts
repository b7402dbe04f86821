import path from 'node:path';
import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Asset, Book, Chapter } from '../model/book.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { addError } from '../report/messages.ts';
import { getHighlighter } from './highlighter.ts';
import type { LinkIndex } from './link-index.ts';
import { assetOutputPath } from './plugins/rehype-chapter-links.ts';
import { createHtmlProcessor, createMarkdownProcessor, type HastRoot } from './processor.ts';

const markdown = createMarkdownProcessor();

/** Stage 2: every chapter's Markdown → a sanitised HTML tree; the Book comes back completed. */
export async function transformBook(book: Book, diagnostics: Diagnostics): Promise<Book> {
  const parsed = book.chapters.map((chapter) => parseChapter(book.root, chapter, diagnostics));
  const index = buildLinkIndex(parsed);
  const html = createHtmlProcessor({ root: book.root, index, highlighter: await getHighlighter() });

  const assets = new Map<string, Asset>();
  const chapters = await Promise.all(
    parsed.map(async ({ chapter, tree, file }) => {
      if (!tree) return chapter;
      let hast: HastRoot;
      try {
        hast = (await html.run(tree, file)) as HastRoot;
      } catch (error) {
        addError(
          file,
          `Cannot render this chapter: ${error instanceof Error ? error.message : String(error)}`,
          undefined,
          'internal',
        );
        return chapter;
      }
      for (const relative of file.data.assets ?? []) {
        assets.set(relative, {
          source: path.join(book.root, relative),
          output: assetOutputPath(relative),
        });
      }
      return { ...chapter, hast };
    }),
  );
  return { ...book, chapters, assets: [...assets.values()] };
}

interface ParsedChapter {
  chapter: Chapter;
  file: VFile;
  tree?: MdastRoot;
  /** Ids written in the chapter's raw HTML, which links may target too. */
  rawIds: string[];
}

function parseChapter(root: string, chapter: Chapter, diagnostics: Diagnostics): ParsedChapter {
  const file = diagnostics.file(path.join(root, chapter.path), chapter.source);
  file.data.chapterPath = chapter.path;
  file.data.assets = [];
  try {
    const tree = markdown.runSync(markdown.parse(chapter.body), file) as MdastRoot;
    const title = chapter.frontMatter.title ?? file.data.headingTitle ?? chapter.title;
    const rawIds: string[] = [];
    visit(tree, 'html', (node) => {
      for (const match of node.value.matchAll(/\bid\s*=\s*["']?([^"'\s>]+)/gi))
        rawIds.push(match[1]!);
    });
    return {
      chapter: { ...chapter, title, headings: file.data.headings ?? [] },
      file,
      tree,
      rawIds,
    };
  } catch (error) {
    addError(
      file,
      `Cannot parse this chapter: ${error instanceof Error ? error.message : String(error)}`,
      undefined,
      'internal',
    );
    return { chapter, file, rawIds: [] };
  }
}

function buildLinkIndex(parsed: ParsedChapter[]): LinkIndex {
  const index: LinkIndex = {};
  for (const { chapter, rawIds } of parsed) {
    index[chapter.path] = {
      id: chapter.id,
      anchors: [...chapter.headings.map((h) => h.id), ...rawIds],
    };
  }
  return index;
}
