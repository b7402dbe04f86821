import type { ResolvedConfig } from '../config/schema.ts';
import {
  css,
  cssColor,
  cssCounter,
  cssIdent,
  cssInteger,
  cssJoin,
  cssLength,
  cssString,
  type CssValue,
} from '../guard/css.ts';
import type { PageNumbers } from '../model/page-numbers.ts';
import type { MarkingView } from './view-model.ts';

/** One named page per chapter: its running header and marking. */
export interface ChapterPage {
  pageName: string;
  runningHead: string;
  marking?: MarkingView;
}

export interface PageCssInput {
  config: ResolvedConfig;
  chapters: ChapterPage[];
  /** Marking of the cover and front matter: the highest of any chapter. */
  frontMarking?: MarkingView;
  numbers?: PageNumbers;
  /** The draft's rules: the same pages, no margin boxes. */
  draft?: boolean;
  /** The body page number of the first page, for a piece printed apart from the start. */
  firstPage?: number;
  /** A handbook in `status: draft` (not the draft print above): when and from what it was built. */
  draftNotice?: string;
  /** Whether change bars are drawn: the page area then reaches into the start margin. */
  changeBars?: boolean;
}

/**
 * Chromium paints nothing outside the page area, so a change bar cannot sit in the
 * margin itself: with change bars, the page area reaches this far into the start margin,
 * the body is padded by as much, and the margin boxes too, so that nothing else moves.
 */
const GUTTER = '6mm';

/**
 * The `@page` rules of the print edition. Chromium prints margin boxes, `counter(page)`
 * and named pages, but not `string-set` or `target-counter()`: so each chapter gets a named
 * page carrying its running header and marking, the front matter counts its own pages in
 * roman numerals without advancing the body's page counter, and the "of N" total is
 * written in as a number once the first print has measured it.
 *
 * Every value from the handbook (titles, markings, the footer, margins, colours) enters
 * through `css`, escaped or validated for its place: a title cannot end its string.
 */
export function pageCss(input: PageCssInput): string {
  const { config, chapters, frontMarking, numbers } = input;
  const { margin, pageSize } = config.pdf;
  const footer = footerContent(
    config.pdf.footer ?? config.words.page,
    numbers ? String(numbers.bodyPages) : '000',
  );
  const identity = cssString(
    [`${config.title} · ${config.words.version} ${config.version}`, input.draftNotice]
      .filter(Boolean)
      .join(' · '),
  );
  // A draft lays out the same pages without their margin boxes: they move nothing (the
  // margins set the page area) and cost time on every page.
  const boxes = (value: CssValue) => (input.draft ? css`` : value);
  // The running header and the identity line sit where a line starts: on the right in
  // Arabic, Persian or Hebrew; the page number where it ends.
  const rtl = config.direction === 'rtl';
  const topStart = cssIdent(rtl ? 'top-right' : 'top-left');
  const bottomStart = cssIdent(rtl ? 'bottom-right' : 'bottom-left');
  const bottomEnd = cssIdent(rtl ? 'bottom-left' : 'bottom-right');
  const gutter = input.changeBars ? cssLength(GUTTER) : undefined;
  const inner = (side: 'left' | 'right') =>
    gutter && side === (rtl ? 'right' : 'left')
      ? css`calc(${cssLength(margin[side])} - ${gutter})`
      : cssLength(margin[side]);
  const startSide = cssIdent(rtl ? 'right' : 'left');
  const pad = gutter
    ? css`
        padding-${startSide}: ${gutter};
      `
    : css``;
  const rules = [
    css`
      @page {
        size: ${cssIdent(pageSize)};
        margin: ${cssLength(margin.top)} ${inner('right')} ${cssLength(margin.bottom)}
          ${inner('left')};
        ${boxes(css`
          @${topStart} {
            content: '';
            ${pad}
            font-size: 8.5pt;
            color: #3d4450;
            vertical-align: bottom;
            padding-bottom: 4mm;
          }
          @top-center {
            ${markingBox(frontMarking)} vertical-align: bottom;
            ${pad}
            padding-bottom: 4mm;
          }
          @${bottomStart} {
            content: ${identity};
            ${pad}
            font-size: 7.5pt;
            color: #6a707a;
            vertical-align: top;
            padding-top: 4mm;
          }
          @bottom-center {
            ${markingBox(frontMarking)} vertical-align: top;
            ${pad}
            padding-top: 4mm;
          }
          @${bottomEnd} {
            content: ${footer};
            font-size: 8.5pt;
            color: #3d4450;
            vertical-align: top;
            padding-top: 4mm;
          }
        `)}
      }
    `,
    // The cover is page i of the front matter but shows no number.
    css`
      @page cover {
        counter-increment: page 0 front-page 1;
        ${boxes(css`
          @${bottomStart} {
            content: none;
          }
          @${bottomEnd} {
            content: none;
          }
        `)}
      }
    `,
    css`
      @page front {
        counter-increment: page 0 front-page 1;
        ${boxes(css`
          @${bottomEnd} {
            content: ${cssCounter('front-page', 'lower-roman')};
          }
        `)}
      }
    `,
  ];
  if (gutter)
    rules.push(css`
      .print-edition {
        padding-inline-start: ${gutter};
      }
    `);
  // The cover's banner takes its colours from here: the print document allows no style
  // attribute (see policies.ts).
  if (frontMarking) {
    rules.push(css`
      .cover-marking {
        --marking-bg: ${cssColor(frontMarking.background)};
        --marking-fg: ${cssColor(frontMarking.foreground)};
      }
    `);
  }
  // A piece printed apart counts on from where the piece before it ended.
  if (input.firstPage !== undefined) {
    rules.push(css`
      @page :first {
        counter-increment: page ${cssInteger(input.firstPage)};
      }
    `);
  }
  for (const chapter of chapters) {
    const name = cssIdent(chapter.pageName);
    rules.push(css`
      @page ${name} {
        ${boxes(css`
          @${topStart} {
            content: ${cssString(chapter.runningHead)};
            max-width: 40%;
          }
          @top-center {
            ${markingBox(chapter.marking)}
          }
          @bottom-center {
            ${markingBox(chapter.marking)}
          }
        `)}
      }
      .${name} {
        page: ${name};
      }
    `);
  }
  return rules.map(String).join('\n');
}

/** The marking of a page, or nothing at all when the handbook declares none. */
function markingBox(marking: MarkingView | undefined): CssValue {
  if (!marking)
    return css`
      content: none;
    `;
  return css`
    content: ${cssString(marking.label)};
    color: ${cssColor(marking.ink)};
    font-weight: 700;
    font-size: 8.5pt;
    letter-spacing: 0.05em;
    /* A marking is never broken over two lines, however long the running header. */
    white-space: nowrap;
  `;
}

/** "Page {page} of {pages}" → `"Page " counter(page) " of 42"`. */
export function footerContent(template: string, pages: string): CssValue {
  const parts = template.split(/(\{page\}|\{pages\})/).filter((p) => p !== '');
  return cssJoin(
    parts.map((p) =>
      p === '{page}' ? cssCounter('page') : cssString(p === '{pages}' ? pages : p),
    ),
  );
}
