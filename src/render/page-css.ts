import type { ResolvedConfig } from '../config/schema.ts';
import type { PageNumbers } from '../model/page-numbers.ts';
import type { MarkingView } from './view-model.ts';

/** One named page per chapter: its running header and marking. */
export interface ChapterPage {
  pageName: string;
  runningHead: string;
  marking: MarkingView;
}

export interface PageCssInput {
  config: ResolvedConfig;
  chapters: ChapterPage[];
  /** Marking of the cover and front matter: the highest of any chapter. */
  frontMarking: MarkingView;
  numbers?: PageNumbers;
}

/**
 * The `@page` rules of the print edition. Chromium prints margin boxes, `counter(page)`
 * and named pages, but not `string-set` or `target-counter()`: so each chapter gets a named
 * page carrying its running header and marking, the front matter counts its own pages in
 * roman numerals without advancing the body's page counter, and the "of N" total is
 * written in as a number once the first print has measured it.
 */
export function pageCss({ config, chapters, frontMarking, numbers }: PageCssInput): string {
  const { margin, pageSize } = config.pdf;
  const footer = footerContent(config.pdf.footer, numbers ? String(numbers.bodyPages) : '000');
  const identity = cssString(`${config.title} · Version ${config.version}`);
  const rules = [
    `@page {
  size: ${pageSize};
  margin: ${margin.top} ${margin.right} ${margin.bottom} ${margin.left};
  @top-left { content: ""; font-size: 8.5pt; color: #3d4450; vertical-align: bottom; padding-bottom: 4mm; }
  @top-center { ${markingBox(frontMarking)} vertical-align: bottom; padding-bottom: 4mm; }
  @bottom-left { content: ${identity}; font-size: 7.5pt; color: #6a707a; vertical-align: top; padding-top: 4mm; }
  @bottom-center { ${markingBox(frontMarking)} vertical-align: top; padding-top: 4mm; }
  @bottom-right { content: ${footer}; font-size: 8.5pt; color: #3d4450; vertical-align: top; padding-top: 4mm; }
}`,
    // The cover is page i of the front matter but shows no number.
    `@page cover {
  counter-increment: page 0 front-page 1;
  @bottom-left { content: none; }
  @bottom-right { content: none; }
}`,
    `@page front {
  counter-increment: page 0 front-page 1;
  @bottom-right { content: counter(front-page, lower-roman); }
}`,
  ];
  for (const chapter of chapters) {
    rules.push(`@page ${chapter.pageName} {
  @top-left { content: ${cssString(chapter.runningHead)}; }
  @top-center { ${markingBox(chapter.marking)} }
  @bottom-center { ${markingBox(chapter.marking)} }
}
.${chapter.pageName} { page: ${chapter.pageName}; }`);
  }
  return rules.join('\n');
}

function markingBox(marking: MarkingView): string {
  return `content: ${cssString(marking.label)}; color: ${marking.background}; font-weight: 700; font-size: 8.5pt; letter-spacing: 0.05em;`;
}

/** "Page {page} of {pages}" → `"Page " counter(page) " of 42"`. */
export function footerContent(template: string, pages: string): string {
  const parts = template.split(/(\{page\}|\{pages\})/).filter((p) => p !== '');
  return parts
    .map((p) => (p === '{page}' ? 'counter(page)' : cssString(p === '{pages}' ? pages : p)))
    .join(' ');
}

/** A CSS string literal: quotes, backslashes and line breaks escaped. */
export function cssString(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\r\n]+/g, ' ')}"`;
}
