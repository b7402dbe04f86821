import Mustache from 'mustache';
import { highestMarking } from '../config/markings.ts';
import type { Book } from '../model/book.ts';
import { openedBy, partAt, partsChain } from '../model/parts.ts';
import { PRINT_SLOTS, type PageFill, type PageNumbers } from '../model/page-numbers.ts';
import { pageCss } from './page-css.ts';
import { printPolicy, withStableNonce } from './policies.ts';
import {
  PAGE_PLACEHOLDER,
  printChapterHtml,
  printId,
  type PrintContentMemo,
} from './print-content.ts';
import { loadPartials, readThemeFile, resolveTheme } from './theme.ts';
import { changesView } from './changes-view.ts';
import {
  chapterNumbers,
  draftNotice,
  formatDate,
  handbookView,
  markingView,
} from './view-model.ts';
import { direction, say, translationNotice } from './wording/wording.ts';

/** Where the print edition is written in the output folder. */
export const PRINT_FILE = 'print.html';

/** Front-matter anchors that get a PDF destination (for bookmarks and the contents). */
export const FRONT_ANCHORS = {
  cover: 'cover',
  control: 'document-control',
  changes: 'summary-of-changes',
  contents: 'contents',
} as const;

export interface TocEntry {
  kind: 'front' | 'part' | 'chapter' | 'section';
  /** The print id it links to; '' for a part heading. */
  href: string;
  number: string;
  title: string;
  page: string;
  depth: number;
}

export interface PrintEditionOptions {
  /** Page numbers from a previous print; without them every number is a placeholder. */
  numbers?: PageNumbers;
  /** Digits a cross-reference reserves for its page number (see `slotDigits`). */
  slotDigits?: number;
  /** Chapters rendered by an earlier call of this build, to be reused. */
  memo?: PrintContentMemo;
  /**
   * For the printer's tabs, not for the record: the document shows nothing on screen, so
   * that Chromium lays it out only for print. A screen layout it would never print costs
   * as much as a print layout, and one more after every change the printer makes.
   */
  forPrinter?: boolean;
}

/** What makes a document blank on screen (see PrintEditionOptions.forPrinter). */
const PRINT_ONLY = {
  id: 'hb-print-only',
  css: '@media screen { html { display: none !important; } }',
};

/**
 * Stage 3b: the print edition, one HTML document holding the cover, document control,
 * contents and every chapter. Every page number sits in a slot whose width does not
 * depend on the number, so filling in the numbers moves nothing.
 */
export async function renderPrintEdition(
  book: Book,
  options: PrintEditionOptions = {},
): Promise<string> {
  return (await printDocument(book, options))();
}

/**
 * The print edition in pieces, one per run of chapters `[from, to)`, to be printed side by
 * side (print/pieces.ts): the first holds the front matter, each the chapters of its run.
 */
export async function renderPrintPieces(
  book: Book,
  ranges: [number, number][],
  options: PrintEditionOptions = {},
): Promise<string[]> {
  const render = await printDocument(book, options);
  return ranges.map((range, i) => render(range, i === 0));
}

/** The print edition's renderer: the whole document, or the chapters of one range. */
async function printDocument(
  book: Book,
  { numbers, slotDigits: digits = slotDigits(book), memo, forPrinter }: PrintEditionOptions,
): Promise<(range?: [number, number], front?: boolean) => string> {
  const theme = resolveTheme(book.root, book.config.theme);
  const [layout, partials] = await Promise.all([
    readThemeFile(theme, 'layouts/print.html'),
    loadPartials(theme),
  ]);
  const { config } = book;
  const chapterIds = new Set(book.chapters.map((c) => c.id));
  const titleIds = new Map(book.chapters.filter((c) => c.titleId).map((c) => [c.id, c.titleId!]));
  const chapters = chapterPages(book).map((page, i) => {
    const chapter = book.chapters[i]!;
    return {
      ...page,
      id: printId(chapter.id),
      eyebrow: say(config.words.chapter, { number: i + 1 }),
      classifiedAs: page.marking
        ? say(config.words.classifiedAs, { marking: page.marking.label })
        : '',
      lang: chapter.lang ?? '',
      dir: chapter.lang ? direction(chapter.lang) : '',
      notice: translationNotice(book, chapter),
      edition: config.language,
      editionDir: config.direction,
      title: chapter.title,
      summary: chapter.summary ?? '',
      part: partAt(book.parts, chapter.part)?.title ?? '',
      content: printChapterHtml(chapter, {
        chapterIds,
        titleIds,
        crossReference: config.pdf.crossReference ?? config.words.crossReference,
        slotDigits: digits,
        ...(numbers ? { numbers } : {}),
        ...(memo ? { memo } : {}),
      }),
    };
  });
  const css = printPageCss(book, numbers);
  // Escaped by construction (guard/css.ts); checked once more where it enters the page.
  if (css.includes('<')) throw new Error('Page CSS holds a `<`');
  const view = (nonce: string, shown: typeof chapters) => ({
    lang: config.language,
    dir: config.direction,
    words: config.words,
    security: { policy: printPolicy(nonce), nonce },
    generator: 'Handbook Press',
    handbook: handbookView(book),
    marking: frontMarking(book),
    destinations: Object.values(FRONT_ANCHORS).filter(
      (a) => a !== FRONT_ANCHORS.changes || book.changes,
    ),
    changes: printChanges(book, numbers),
    draft: book.draft ? { notice: draftNotice(book) } : undefined,
    control: {
      revisions: config.revisions.map((r) => ({
        ...r,
        date: formatDate(r.date, config.language),
        author: r.author ?? '',
      })),
      distribution: config.distribution.map((d) => ({
        recipient: d.recipient,
        copies: d.copies ?? '',
        note: d.note ?? '',
      })),
      handling: config.handling ?? '',
    },
    toc: tocEntries(book, numbers),
    chapters: shown,
    pageStyles: [{ id: PRINT_SLOTS.pageCssId, css }, ...(forPrinter ? [PRINT_ONLY] : [])],
  });
  // A piece after the first leaves the front matter out (what a theme writes around its
  // partials is left out when the piece is loaded: print/page-scripts.ts).
  const withoutFront = { ...partials, ...Object.fromEntries(FRONT_PARTIALS.map((p) => [p, ''])) };
  return (range, front = true) =>
    withStableNonce((nonce) =>
      Mustache.render(
        layout,
        view(nonce, range ? chapters.slice(...range) : chapters),
        front ? partials : withoutFront,
      ),
    ).html;
}

/** The partials of the print layout that make the front matter. */
const FRONT_PARTIALS = ['print-cover', 'print-control', 'print-changes', 'print-toc'];

/**
 * What turns a loaded draft into the numbered document: labels and the `@page` rules.
 * A piece printed apart starts its page count at `firstPage`; `reserve` widens the slots.
 */
export function pageFill(
  book: Book,
  numbers: PageNumbers,
  piece: { firstPage?: number; reserve?: string } = {},
): PageFill {
  return {
    labels: numbers.labels,
    pageCss: printPageCss(book, numbers, false, piece.firstPage),
    ...(piece.reserve !== undefined ? { reserve: piece.reserve } : {}),
  };
}

/** Source bytes per printed page, counted low: a slot then reserves a digit too many, never too few. */
const BYTES_PER_PAGE = 1500;

/**
 * How many digits a cross-reference reserves: enough for the pages the handbook's size
 * suggests, counted high (or the pages a previous build counted), at least two. A handbook
 * that outgrows its slots is printed once more with wider ones.
 */
export function slotDigits(book: Book, knownPages = 0): number {
  const bytes = book.chapters.reduce((n, c) => n + c.source.length, 0);
  const expected = Math.max(knownPages, Math.ceil(bytes / BYTES_PER_PAGE));
  return Math.max(2, String(expected).length);
}

/** The draft's `@page` rules: the same pages, without their margin boxes. */
export function draftPageCss(book: Book): string {
  return printPageCss(book, undefined, true);
}

function printPageCss(
  book: Book,
  numbers?: PageNumbers,
  draft = false,
  firstPage?: number,
): string {
  return pageCss({
    config: book.config,
    frontMarking: frontMarking(book),
    chapters: chapterPages(book),
    ...(numbers ? { numbers } : {}),
    ...(firstPage !== undefined ? { firstPage } : {}),
    ...(book.draft ? { draftNotice: draftNotice(book) } : {}),
    changeBars: (book.changes?.chapters.length ?? 0) > 0,
    draft,
  });
}

/** Each chapter's named page: its number, running header and marking. */
function chapterPages(book: Book) {
  const numberOf = chapterNumbers(book);
  return book.chapters.map((chapter) => {
    const number = numberOf.get(chapter.id)!;
    return {
      number,
      pageName: `ch-${number}`,
      pageClass: `ch-${number}`,
      runningHead: `${number} · ${chapter.title}`,
      marking: markingView(book.config, chapter.classification),
    };
  });
}

/** The cover and front matter carry the highest marking of any chapter. */
function frontMarking(book: Book) {
  const { markings } = book.config;
  return markingView(
    book.config,
    highestMarking(
      markings,
      book.chapters.map((c) => c.classification),
    ).label,
  );
}

/** Contents entries: document control, then parts, chapters and their sections to `tocDepth`. */
export function tocEntries(book: Book, numbers?: PageNumbers): TocEntry[] {
  const page = (id: string) => numbers?.labels[id] ?? PAGE_PLACEHOLDER;
  const numberOf = chapterNumbers(book);
  const entries: TocEntry[] = [
    {
      kind: 'front',
      href: FRONT_ANCHORS.control,
      number: '',
      title: book.config.words.documentControl,
      page: page(FRONT_ANCHORS.control),
      depth: 0,
    },
    ...(book.changes
      ? [
          {
            kind: 'front' as const,
            href: FRONT_ANCHORS.changes,
            number: '',
            title: book.config.words.summaryOfChanges,
            page: page(FRONT_ANCHORS.changes),
            depth: 0,
          },
        ]
      : []),
  ];
  const shownParts = new Set<string>();
  for (const chapter of book.chapters) {
    for (const part of partsChain(book.parts, chapter.part)) {
      if (shownParts.has(part.path)) continue;
      shownParts.add(part.path);
      // A part that is its opening chapter under the same name is listed as that chapter.
      if (openedBy(part, chapter)) continue;
      entries.push({ kind: 'part', href: '', number: '', title: part.title, page: '', depth: 0 });
    }
    const id = printId(chapter.id);
    entries.push({
      kind: 'chapter',
      href: id,
      number: String(numberOf.get(chapter.id)),
      title: chapter.title,
      page: page(id),
      depth: 1,
    });
    for (const heading of chapter.headings) {
      if (heading.depth < 2 || heading.depth > book.config.pdf.tocDepth) continue;
      const target = printId(chapter.id, heading.id);
      entries.push({
        kind: 'section',
        href: target,
        number: '',
        title: heading.text,
        page: page(target),
        depth: heading.depth,
      });
    }
  }
  return entries;
}

/** The summary of changes as the print lists it: each entry links to its change, with its page. */
function printChanges(book: Book, numbers?: PageNumbers) {
  const view = changesView(book);
  if (!view) return undefined;
  return {
    ...view,
    entries: view.entries.map((e) => {
      const href = printId(e.chapterId, e.anchor);
      return { ...e, href, page: numbers?.labels[href] ?? PAGE_PLACEHOLDER };
    }),
  };
}
