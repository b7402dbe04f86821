import { readFile } from 'node:fs/promises';
import { toHtml } from 'hast-util-to-html';
import Mustache from 'mustache';
import { highestMarking } from '../config/markings.ts';
import type { Book, Chapter } from '../model/book.ts';
import { bundleFonts, FONT_STYLESHEET } from './fonts.ts';
import type { OutputFolder } from './output-files.ts';
import {
  loadPartials,
  readThemeFile,
  resolveTheme,
  themeFile,
  themeFiles,
  type Theme,
} from './theme.ts';
import { chapterNumbers, handbookView, markingView, navigation } from './view-model.ts';

export interface SiteOptions {
  /** File name of the PDF handbook when this build makes one, for the "Download PDF" link. */
  pdfName?: string;
}

/** What a theme declares in `theme.json`. */
interface ThemeManifest {
  fonts?: string[];
}

/** Stage 3a: the HTML edition: a title page, one page per chapter, theme assets and fonts. */
export async function renderSite(
  book: Book,
  out: OutputFolder,
  options: SiteOptions = {},
): Promise<void> {
  const theme = resolveTheme(book.root, book.config.theme);
  const partials = await loadPartials(theme);
  const [indexLayout, chapterLayout] = await Promise.all([
    readThemeFile(theme, 'layouts/index.html'),
    readThemeFile(theme, 'layouts/chapter.html'),
  ]);
  await copyThemeAssets(book, theme, out);

  const handbook = handbookView(book);
  const numbers = chapterNumbers(book);
  const highest = highestMarking(
    book.config.markings,
    book.chapters.map((c) => c.classification),
  );
  const shared = {
    handbook,
    lang: handbook.lang,
    pdf: options.pdfName ? { href: options.pdfName } : undefined,
    generator: 'Handbook Press',
  };

  await out.write(
    'index.html',
    Mustache.render(
      indexLayout,
      {
        ...shared,
        pageTitle: book.config.title,
        marking: markingView(book.config.markings, highest.label),
        nav: { items: navigation(book) },
        first: book.chapters[0]
          ? { href: `${book.chapters[0].id}.html`, title: book.chapters[0].title }
          : undefined,
      },
      partials,
    ),
  );

  await Promise.all(
    book.chapters.map((chapter, i) =>
      out.write(
        `${chapter.id}.html`,
        Mustache.render(
          chapterLayout,
          { ...shared, ...chapterView(book, chapter, numbers.get(chapter.id)!, i) },
          partials,
        ),
      ),
    ),
  );
}

function chapterView(book: Book, chapter: Chapter, number: number, index: number) {
  const neighbour = (c: Chapter | undefined, n: number) =>
    c ? { href: `${c.id}.html`, title: c.title, number: n } : undefined;
  const part = book.parts.find((p) => p.path === chapter.part);
  return {
    pageTitle: `${chapter.title} — ${book.config.title}`,
    marking: markingView(book.config.markings, chapter.classification),
    nav: { items: navigation(book, chapter.id) },
    chapter: {
      number,
      title: chapter.title,
      summary: chapter.summary ?? '',
      part: part?.title ?? '',
      content: chapter.hast ? toHtml(chapter.hast) : '',
      sections: chapter.headings.filter((h) => h.depth === 2),
    },
    prev: neighbour(book.chapters[index - 1], number - 1),
    next: neighbour(book.chapters[index + 1], number + 1),
  };
}

async function copyThemeAssets(book: Book, theme: Theme, out: OutputFolder): Promise<void> {
  const copies: Promise<void>[] = [];
  for (const [relative, source] of await themeFiles(theme, 'assets'))
    copies.push(out.copy(source, relative));
  for (const asset of book.assets) copies.push(out.copy(asset.source, asset.output));
  const manifestPath = themeFile(theme, 'theme.json');
  const manifest: ThemeManifest = manifestPath
    ? JSON.parse(await readFile(manifestPath, 'utf8'))
    : {};
  const fonts = await bundleFonts(manifest.fonts ?? [], book.root);
  for (const font of fonts.files) copies.push(out.copy(font.source, font.output));
  copies.push(out.write(FONT_STYLESHEET, fonts.css));
  await Promise.all(copies);
}
