import { parseEntities } from 'parse-entities';
import * as z from 'zod';

const text = z.union([z.string(), z.number()]).transform(String);
/**
 * Text other tools render as HTML (Hugo's and Jekyll's titles and descriptions): its
 * character references (`&mdash;`, `&#39;`) read as the characters they stand for.
 */
const prose = text.transform((value) => (value.includes('&') ? parseEntities(value) : value));
const order = z.number().finite();

/**
 * A chapter's front-matter. Our keys are typed; keys written for other tools (Jekyll, Hugo,
 * mdBook, Docusaurus …) are kept and ignored, and their ordering keys are understood.
 */
export const frontMatterSchema = z.looseObject({
  title: prose
    .optional()
    .describe('Chapter title; defaults to the first `# heading`, then the file name.'),
  summary: prose.optional().describe('One or two sentences shown in the contents.'),
  description: prose
    .optional()
    .describe('Read as `summary` when that is absent (Hugo, Docusaurus).'),
  classification: z.string().optional().describe('Marking from the handbook scale.'),
  lang: text
    .optional()
    .describe("The chapter's language, when it is a translation kept among the originals."),
  translationKey: text
    .optional()
    .describe('Pairs a translation with its original when their paths differ (Hugo, Jekyll).'),
  order: order
    .optional()
    .describe('Position among its siblings; overrides the `NN-` file-name prefix.'),
  weight: order.optional().describe('Hugo ordering, read as `order`.'),
  sidebar_position: order.optional().describe('Docusaurus ordering, read as `order`.'),
  nav_order: order.optional().describe('Just the Docs ordering, read as `order`.'),
  slug: text
    .optional()
    .describe(
      'File name of the chapter page, without `.html` (made into a slug: `My Page` → `my-page`).',
    ),
  draft: z.boolean().optional().describe('`true` leaves the chapter out of the build.'),
  glossary: z
    .boolean()
    .optional()
    .describe('`true` marks the glossary: its acronyms need no spelling out where they appear.'),
  reviewed: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
    .optional()
    .describe('Date the chapter was last reviewed.'),
});

export type FrontMatter = z.output<typeof frontMatterSchema>;

/** Our own keys, for "did you mean" suggestions on misspelt ones. */
export const FRONT_MATTER_KEYS = Object.keys(frontMatterSchema.shape);

/** The order a chapter asks for, from its own key or another tool's (Hugo's menu weight too). */
export function orderOf(fm: FrontMatter): number | undefined {
  return fm.order ?? fm.weight ?? fm.sidebar_position ?? fm.nav_order ?? menuWeight(fm.menu);
}

/** `menu: { main: { weight: 20 } }` (Hugo): the weight of the first menu that has one. */
function menuWeight(menu: unknown): number | undefined {
  if (!menu || typeof menu !== 'object') return undefined;
  for (const entry of Object.values(menu as Record<string, unknown>)) {
    const weight = (entry as { weight?: unknown } | null)?.weight;
    if (typeof weight === 'number' && Number.isFinite(weight)) return weight;
  }
  return undefined;
}

/**
 * Pages another tool makes that are no part of the text: Hugo's search results page
 * (`layout: search`), a 404 page, headless or never-rendered pages.
 */
export function isMachineryPage(fm: FrontMatter): boolean {
  const layout = typeof fm.layout === 'string' ? fm.layout.toLowerCase() : '';
  const build = (fm.build ?? fm._build) as { render?: unknown } | undefined;
  return (
    layout === 'search' ||
    layout === '404' ||
    fm.headless === true ||
    build?.render === 'never' ||
    build?.render === false
  );
}
