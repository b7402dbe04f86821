import { z } from 'zod';

const text = z.union([z.string(), z.number()]).transform(String);
const order = z.number().finite();

/**
 * A chapter's front-matter. Our keys are typed; keys written for other tools (Jekyll, Hugo,
 * mdBook, Docusaurus …) are kept and ignored, and their ordering keys are understood.
 */
export const frontMatterSchema = z.looseObject({
  title: text
    .optional()
    .describe('Chapter title; defaults to the first `# heading`, then the file name.'),
  summary: z.string().optional().describe('One or two sentences shown in the contents.'),
  description: z
    .string()
    .optional()
    .describe('Read as `summary` when that is absent (Hugo, Docusaurus).'),
  classification: z.string().optional().describe('Marking from the handbook scale.'),
  order: order
    .optional()
    .describe('Position among its siblings; overrides the `NN-` file-name prefix.'),
  weight: order.optional().describe('Hugo ordering, read as `order`.'),
  sidebar_position: order.optional().describe('Docusaurus ordering, read as `order`.'),
  nav_order: order.optional().describe('Just the Docs ordering, read as `order`.'),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lowercase letters, digits and hyphens')
    .optional()
    .describe('File name of the chapter page, without `.html`.'),
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

/** The order a chapter asks for, from its own key or another tool's. */
export function orderOf(fm: FrontMatter): number | undefined {
  return fm.order ?? fm.weight ?? fm.sidebar_position ?? fm.nav_order;
}
