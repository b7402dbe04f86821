import * as z from 'zod';
import { isCssColor, isCssLength } from '../guard/css.ts';
import { DEFAULT_MARKINGS } from './markings.ts';
import { WORD_KEYS, type Words } from '../render/wording/words.ts';

// Values that land in CSS, URLs or file names are validated for what they must be here,
// once: a colour is a colour, a length a length, a file name a plain name.
const color = z
  .string()
  .refine(isCssColor, 'expected a CSS colour such as #c8102e, navy or rgb(0 51 160)');
const length = z.string().refine(isCssLength, 'expected a CSS length such as 24mm, 1in or 18pt');
/** A file name, nothing more: no folder, no leading dot, no control character. */
const plainName = (extension: string) =>
  z
    .string()
    .regex(
      new RegExp(`^(?!\\.)[\\p{L}\\p{M}\\p{N} ._()+-]+\\.${extension}$`, 'u'),
      `expected a plain file name ending in .${extension} (no folder, no leading dot)`,
    );
const languageTag = z.string().refine((tag) => {
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(tag)) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}, 'expected a BCP 47 language tag such as en, en-GB or fr');

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
  .describe('A calendar date, YYYY-MM-DD.');

const person = z.union([
  z.string().min(1),
  z.strictObject({
    name: z.string().min(1),
    role: z.string().optional(),
    email: z.string().optional(),
  }),
]);

const marking = z.union([
  z.string().min(1),
  z.strictObject({
    label: z.string().min(1),
    color: color.optional().describe('Banner background colour (any CSS colour).'),
  }),
]);

const revision = z.strictObject({
  version: z.union([z.string(), z.number()]).transform(String),
  date: isoDate,
  author: z.string().optional(),
  changes: z.string().describe('What changed in this revision.'),
});

const recipient = z.union([
  z.string().min(1),
  z.strictObject({
    recipient: z.string().min(1),
    copies: z.number().int().positive().optional(),
    note: z.string().optional(),
  }),
]);

const pdfOptions = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Build the PDF handbook (the CLI `--no-pdf` turns it off).'),
  filename: plainName('pdf')
    .optional()
    .describe('PDF file name; defaults to the handbook title as a slug.'),
  pageSize: z.enum(['A4', 'Letter', 'A5', 'Legal']).default('A4'),
  margin: z
    .strictObject({
      top: length.default('24mm'),
      right: length.default('20mm'),
      bottom: length.default('24mm'),
      left: length.default('22mm'),
    })
    .prefault({}),
  tocDepth: z
    .number()
    .int()
    .min(1)
    .max(6)
    .default(2)
    .describe('Heading depth shown in the PDF contents.'),
  footer: z
    .string()
    .optional()
    .describe(
      "Footer text of the original's PDF; {page} and {pages} are replaced by the page number and count (default: the wording's `page`).",
    ),
  crossReference: z
    .string()
    .optional()
    .describe(
      "What a link to another part of the original's PDF prints after its text (default: the wording's `crossReference`).",
    ),
  timeout: z
    .number()
    .int()
    .positive()
    .default(300_000)
    .describe('Milliseconds before printing gives up.'),
  standard: z
    .enum(['auto', 'none'])
    .default('auto')
    .describe(
      '`auto`: the PDF claims PDF/UA-1 and PDF/A-2a when it meets them (else PDF/A-2u, and the build says why); `none`: no claims, for a file that is post-processed.',
    ),
});

/** An entry of `contents:` — a chapter file, a part with its own contents, or a chapter opening one. */
export type ContentsEntry = string | { title?: string; file?: string; contents?: ContentsEntry[] };
const contentsEntry: z.ZodType<ContentsEntry> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z
      .strictObject({
        title: z.string().min(1).optional(),
        file: z.string().min(1).optional(),
        contents: z.array(contentsEntry).optional(),
      })
      .refine(
        (e) => e.file !== undefined || e.title !== undefined,
        'expected a `file` or a `title`',
      ),
  ]),
);

/** The words of one language that a handbook says its own way (`wording: { fr: { contents: Sommaire } }`). */
const ownWords = z.partialRecord(z.enum(WORD_KEYS), z.string().max(500));

/** What a translated edition says of itself: its title, notices and document control. */
const translatedIdentity = z.strictObject({
  title: z.string().min(1).optional(),
  subtitle: z.string().optional(),
  organisation: z.string().optional(),
  edition: z.union([z.string(), z.number()]).transform(String).optional(),
  subject: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  notice: z.string().optional(),
  handling: z.string().optional(),
  authors: z.array(person).optional(),
  revisions: z.array(revision).optional(),
  distribution: z.array(recipient).optional(),
  pdf: z.strictObject({ filename: plainName('pdf').optional() }).optional(),
});

/** The handbook config as a user writes it (`handbook.yml`). Unknown keys are rejected. */
export const configSchema = z.strictObject({
  title: z.string().min(1).optional().describe('Handbook title; defaults to the folder name.'),
  subtitle: z.string().optional(),
  organisation: z.string().optional(),
  edition: z.union([z.string(), z.number()]).transform(String).optional(),
  version: z.union([z.string(), z.number()]).transform(String).default('1.0'),
  date: isoDate.optional().describe('Publication date; the PDF metadata uses it too.'),
  language: languageTag.default('en').describe('BCP 47 language tag, e.g. en, en-GB, fr.'),
  languages: z
    .array(languageTag)
    .min(1)
    .optional()
    .describe(
      'The languages of the handbook, the original first (`[en, fr]`): an edition is built for each.',
    ),
  translations: z
    .record(languageTag, translatedIdentity)
    .default({})
    .describe("Per language: the edition's own title, notices and revision history."),
  untranslated: z
    .enum(['include', 'omit'])
    .default('include')
    .describe(
      'A chapter with no translation: shown in the original (marked as such), or left out.',
    ),
  requireComplete: z
    .boolean()
    .default(false)
    .describe('A translated edition that lacks a chapter fails the build.'),
  wording: z
    .record(languageTag, ownWords)
    .default({})
    .describe("The tool's own words, per language, where the built-in ones will not do."),
  classification: z.string().optional().describe('Marking for chapters that declare none.'),
  markings: z
    .array(marking)
    .min(1)
    .default(DEFAULT_MARKINGS)
    .describe('The marking scale, lowest first.'),
  authors: z.array(person).default([]),
  subject: z.string().optional(),
  keywords: z.array(z.string()).default([]),
  notice: z.string().optional().describe('A statement printed on the cover and document control.'),
  handling: z.string().optional().describe('Handling instructions for the document control page.'),
  revisions: z.array(revision).default([]),
  previousEdition: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The edition changes are shown since: a git ref (tag, branch, commit) or a folder of the previous sources in the project.',
    ),
  status: z
    .enum(['final', 'draft'])
    .default('final')
    .describe(
      '`draft`: DRAFT across every PDF page and in the HTML banner, with the build date and commit.',
    ),
  distribution: z.array(recipient).default([]),
  chapters: z
    .string()
    .optional()
    .describe(
      'Folder of chapters, relative to the project; default: where the tool it was written for keeps them, else `chapters/`, else the project folder.',
    ),
  contents: z
    .array(contentsEntry)
    .optional()
    .describe(
      'The contents in reading order (file paths relative to the chapters folder), when the folders do not give it.',
    ),
  strict: z.boolean().default(false).describe('Every warning fails the build, as `--strict` does.'),
  url: z
    .string()
    .regex(/^https?:\/\/[^\s"'<>]+$/, 'expected an http or https URL')
    .optional()
    .describe(
      'Where the handbook is published: links to its pages that the build cannot resolve lead there.',
    ),
  theme: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]*$/, 'expected a theme name: letters, digits, `.`, `_` and `-`')
    .default('default')
    .describe('Theme name: templates/<theme>/ in the project or built in.'),
  reviewPeriodDays: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('`handbook check` warns about chapters reviewed longer ago than this.'),
  knownAcronyms: z
    .array(z.string())
    .default([])
    .describe('Acronyms `handbook check` never asks to spell out (e.g. UN, EU).'),
  pdf: pdfOptions.prefault({}),
});

export type UserConfig = z.input<typeof configSchema>;
type ParsedConfig = z.output<typeof configSchema>;

export interface Marking {
  label: string;
  color?: string;
}

/** The config after defaults and resolution: absolute paths, normalised lists. */
export interface ResolvedConfig extends Omit<
  ParsedConfig,
  'markings' | 'authors' | 'distribution' | 'title'
> {
  title: string;
  markings: Marking[];
  authors: { name: string; role?: string; email?: string }[];
  distribution: { recipient: string; copies?: number; note?: string }[];
  /** Marking for chapters that declare none: the config's, else the lowest of the scale. */
  classification: string;
  /** Absolute path of the chapters folder. */
  chaptersDir: string;
  /** Whether the handbook declares markings at all (else no banner and no marking line). */
  marked: boolean;
  /** Whether a config named the title (else the handbook's own opening page may). */
  titleGiven: boolean;
  /** Absolute path of the config file, when there is one. */
  configPath?: string;
  /** Every language of the handbook, the original first (at least `language`). */
  languages: string[];
  /** The tool's own words in this edition's language. */
  words: Words;
  /** How this edition's language is written. */
  direction: 'ltr' | 'rtl';
}
