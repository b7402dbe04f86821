import { writeContentStyles } from './content-styles.ts';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { partAt } from '../model/parts.ts';
import { cleanedSvg } from '../transform/project-files.ts';
import { changesView } from './changes-view.ts';
import { sitePolicy } from './policies.ts';
import { toHtml } from 'hast-util-to-html';
import Mustache from 'mustache';
import { highestMarking } from '../config/markings.ts';
import type { Book, Chapter } from '../model/book.ts';
import { firstChoiceFamilies, FONT_STYLESHEET, themeFonts, usedFonts } from './fonts.ts';
import { usedCodePoints, usedLanguages } from './used-characters.ts';
import { languageLinks } from './wording/language-switch.ts';
import { direction, say, translationNotice } from './wording/wording.ts';
import type { OutputFolder } from './output-files.ts';
import { loadPartials, readThemeFile, resolveTheme, themeFiles } from './theme.ts';
import { tracer } from '../report/trace.ts';
import {
  chapterNumbers,
  draftNotice,
  handbookView,
  markingView,
  navigator,
  type NavItem,
} from './view-model.ts';

export interface SiteOptions {
  /** File name of the PDF handbook when this build makes one, for the "Download PDF" link. */
  pdfName?: string;
  /** Copy the theme's assets, fonts and images too (default); false when done already. */
  assets?: boolean;
}

/** Stage 3a: the HTML edition: a title page, one page per chapter, theme assets and fonts. */
export async function renderSite(
  book: Book,
  out: OutputFolder,
  options: SiteOptions = {},
): Promise<void> {
  const trace = tracer('site');
  const theme = resolveTheme(book.root, book.config.theme);
  const partials = await loadPartials(theme);
  const [indexLayout, chapterLayout] = await Promise.all([
    readThemeFile(theme, 'layouts/index.html'),
    readThemeFile(theme, 'layouts/chapter.html'),
  ]);
  const changes = changesView(book);
  if (options.assets !== false) await copyAssets(book, out);
  trace('assets and fonts');

  const handbook = handbookView(book);
  const numbers = chapterNumbers(book);
  const sidebar = navigator(book);
  const highest = highestMarking(
    book.config.markings,
    book.chapters.map((c) => c.classification),
  );
  const shared = {
    handbook,
    lang: handbook.lang,
    dir: book.config.direction,
    words: book.config.words,
    pdf: options.pdfName ? { href: encodeURIComponent(options.pdfName) } : undefined,
    security: { policy: sitePolicy() },
    generator: 'Handbook Press',
    draft: book.draft ? { notice: draftNotice(book) } : undefined,
  };
  // What every page depends on besides its own content: the theme's templates, the
  // handbook's identity and the shape of the whole book (titles, sections, markings).
  const base = hash([indexLayout, chapterLayout, partials, shared, bookShape(book), changes]);

  await out.writeKeyed('index.html', base, () =>
    Mustache.render(
      indexLayout,
      {
        ...shared,
        pageTitle: book.config.title,
        ...languageView(book, 'index'),
        marking: markingView(book.config, highest.label),
        nav: { items: sidebar() },
        changes,
        first: book.chapters[0]
          ? { href: `${book.chapters[0].id}.html`, title: book.chapters[0].title }
          : undefined,
      },
      partials,
    ),
  );

  let written = 0;
  await Promise.all(
    book.chapters.map(async (chapter, i) => {
      // Let other work in this thread (the printer's messages) through between pages.
      await new Promise((resolve) => setImmediate(resolve));
      const key = `${base}:${i}:${contentId(chapter)}`;
      const view = () => ({
        ...shared,
        ...chapterView(book, chapter, numbers.get(chapter.id)!, i, sidebar),
      });
      if (
        await out.writeKeyed(`${chapter.id}.html`, key, () =>
          Mustache.render(chapterLayout, view(), partials),
        )
      ) {
        written++;
      }
    }),
  );
  if (changes) {
    const layout = await readThemeFile(theme, 'layouts/changes.html');
    await out.writeKeyed('changes.html', `${base}:changes`, () =>
      Mustache.render(
        layout,
        {
          ...shared,
          pageTitle: `${changes.headline} — ${book.config.title}`,
          ...languageView(book, 'changes'),
          marking: markingView(book.config, highest.label),
          nav: { items: sidebar() },
          changes: {
            ...changes,
            entries: changes.entries.map((e) => ({
              ...e,
              href: `${e.chapterId}.html${e.anchor ? `#${e.anchor}` : ''}`,
            })),
          },
        },
        partials,
      ),
    );
  }
  trace(`${written} pages`);
}

/** The parts of the book every page shows: chapter titles, sections, parts, markings. */
function bookShape(book: Book) {
  return {
    config: book.config,
    parts: book.parts,
    chapters: book.chapters.map((c) => [
      c.id,
      c.title,
      c.summary,
      c.classification,
      c.part,
      c.headings,
    ]),
  };
}

function hash(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}

/** An id per chapter tree: the transform hands back the same tree for an unchanged chapter. */
const treeIds = new WeakMap<object, number>();
let nextTreeId = 0;
function contentId(chapter: Chapter): number {
  if (!chapter.hast) return -1;
  let id = treeIds.get(chapter.hast);
  if (id === undefined) treeIds.set(chapter.hast, (id = nextTreeId++));
  return id;
}

function chapterView(
  book: Book,
  chapter: Chapter,
  number: number,
  index: number,
  sidebar: (currentId?: string) => NavItem[],
) {
  const neighbour = (c: Chapter | undefined, n: number) =>
    c ? { href: `${c.id}.html`, title: c.title, number: n } : undefined;
  const part = partAt(book.parts, chapter.part);
  const words = book.config.words;
  return {
    pageTitle: `${chapter.title} — ${book.config.title}`,
    ...languageView(book, chapter.id),
    marking: markingView(book.config, chapter.classification),
    nav: { items: sidebar(chapter.id) },
    chapter: {
      changed: book.changes?.chapters.some((c) => c.chapterId === chapter.id) ?? false,
      number,
      eyebrow: say(words.chapter, { number }),
      lang: chapter.lang ?? '',
      dir: chapter.lang ? direction(chapter.lang) : '',
      notice: translationNotice(book, chapter),
      title: chapter.title,
      titleId: chapter.titleId ?? '',
      summary: chapter.summary ?? '',
      part: part?.title ?? '',
      content: chapter.hast ? toHtml(chapter.hast) : '',
      sections: chapter.headings.filter((h) => h.depth === 2),
    },
    prev: neighbour(book.chapters[index - 1], number - 1),
    next: neighbour(book.chapters[index + 1], number + 1),
  };
}

/** The language switch and the alternates of a page, when the handbook has several editions. */
function languageView(book: Book, page: string) {
  const items = languageLinks(book, page);
  return { languages: items, languageSwitch: items.length > 0 ? { items } : undefined };
}

/** The theme's assets, the fonts and the chapters' images: what both editions load. */
export async function copyAssets(book: Book, out: OutputFolder): Promise<void> {
  const theme = resolveTheme(book.root, book.config.theme);
  const copies: Promise<unknown>[] = [];
  for (const [relative, source] of await themeFiles(theme, 'assets'))
    copies.push(out.copy(source, relative, source.slice(0, -relative.length)));
  for (const asset of book.assets) {
    if (/\.svg$/i.test(asset.source)) {
      // Published as the transform cleaned it (guard/svg.ts), never as written.
      const { svg } = cleanedSvg(book.root, asset.source);
      copies.push(out.writeKeyed(asset.output, svg, () => svg));
    } else copies.push(out.copy(asset.source, asset.output, book.root));
  }
  const fonts = usedFonts(
    await themeFonts(theme, book.root),
    usedCodePoints(book),
    await firstChoiceFamilies(theme),
    usedLanguages(book),
  );
  for (const font of fonts.files)
    copies.push(out.copy(font.source, font.output, path.dirname(font.source)));
  copies.push(out.writeKeyed(FONT_STYLESHEET, fonts.css, () => fonts.css).then(() => undefined));
  copies.push(writeContentStyles(book, out));
  await Promise.all(copies);
}
