import type { Root as HastRoot } from 'hast';
import type { ResolvedConfig } from '../config/schema.ts';
import type { FrontMatter } from './front-matter.ts';

/** A heading inside a chapter, as it appears in the tables of contents. */
export interface Heading {
  depth: number;
  text: string;
  /** GitHub-style slug, unique within its chapter. */
  id: string;
  /** The anchors other tools give the same heading (kramdown, MkDocs, Pandoc, Hugo). */
  aliases?: string[];
}

/** A folder of chapters. Parts nest the way the folders do. */
export interface Part {
  /** Path of the folder relative to the chapters folder (POSIX separators). */
  path: string;
  title: string;
  summary?: string;
  /** Parent part's path, or undefined at the top level. */
  parent?: string;
  /** The path of the chapter that opens the part (its folder's page, a listed entry with entries under it). */
  opening?: string;
  /** The part is named as its opening chapter is, once that is read. */
  titleFromOpening?: boolean;
}

/** One chapter: a Markdown file and everything later stages need from it. */
export interface Chapter {
  /** Unique slug: the HTML file name (`<id>.html`) and the print edition's id namespace. */
  id: string;
  /** Source path relative to the project folder (POSIX separators), as the author sees it. */
  path: string;
  /** The file's text as read, front-matter included (positions in messages refer to it). */
  source: string;
  /** The Markdown body with the front-matter blanked out, so line:col stay the author's. */
  body: string;
  frontMatter: FrontMatter;
  title: string;
  /** The title a table of contents (SUMMARY.md, `nav:`) gives it. */
  listedTitle?: string;
  summary?: string;
  classification: string;
  /** The part (folder) the chapter belongs to, by `Part.path`; undefined at the top level. */
  part?: string;
  /** Filled by the transform stage. */
  headings: Heading[];
  /** The anchor of a `# Title` that opened the chapter (its page's title carries it). */
  titleId?: string;
  /** The chapter's HTML tree, filled by the transform stage; renderers only read it. */
  hast?: HastRoot;
  /** It could not be read (`handbook dev` keeps it to show its error in its place). */
  broken?: boolean;
  /** The chapter's own language, when it is not its edition's (an original standing in). */
  lang?: string;
  /** In a translated edition: no translation (the original stands in), or one older than its original. */
  translation?: 'untranslated' | 'outdated';
  /** In a translated edition: the path of the original this chapter translates. */
  original?: string;
  /** In a translated edition: the other paths a link may name it by (its original's, its place in the language folder). */
  paths?: string[];
}

/** An image or other file a chapter refers to, copied into the output by the renderer. */
export interface Asset {
  /** Absolute path of the source file. */
  source: string;
  /** Path inside the output folder (POSIX). */
  output: string;
}

/** What the project was written for, and what was read of it: for links and the summary. */
export interface Origin {
  tool:
    'handbook' | 'mdbook' | 'gitbook' | 'mkdocs' | 'hugo' | 'jekyll' | 'docusaurus' | 'markdown';
  /** Structure and config files read (relative to the project). */
  files: string[];
  /** What was not done: commands not run, settings not used. */
  notes: string[];
  /** The original site, for links that leave the handbook: its URL, or the path it lives under. */
  site?: { url?: string; basePath?: string };
  /** Folders site-root paths (`/images/x.png`) may resolve into besides the chapters (absolute). */
  staticDirs: string[];
  /** Draft entries of the contents, not built. */
  drafts: number;
  /** Chapter files that no entry of the contents lists, left out. */
  unlisted: number;
  /** The site's own params (Hugo), which its `param` shortcode reads. */
  params?: Record<string, string>;
  /** What the transform read of other tools' syntax, summed over the chapters. */
  counts?: Record<string, number>;
}

/** One language's edition among the handbook's editions. */
export interface Edition {
  language: string;
  /** The edition's folder in the output, POSIX: '' for the original, `fr` for French. */
  dir: string;
  /** Every edition, this one included, with the pages it has: for the language switch. */
  all: { language: string; dir: string; chapters: string[] }[];
}

/** The book: made by load, completed by transform, read by the renderers. Plain data. */
/** What changed since an earlier edition (`previousEdition`, `--changes-since`). */
export interface EditionChanges {
  /** The earlier edition as it was named: a git ref or a folder ("v1.2"). */
  since: string;
  /** The revision's own words for this version, from `revisions`. */
  note?: string;
  /** Chapters that are new, changed or moved, in the book's order. */
  chapters: ChapterChange[];
  /** Chapters of the earlier edition that are gone. */
  removed: { title: string; path: string }[];
}

export interface ChapterChange {
  chapterId: string;
  status: 'new' | 'changed' | 'moved';
  /** Where a moved or renamed chapter was. */
  previousPath?: string;
  sections: SectionChange[];
}

/** What happened in one section of a chapter (the text before its first `##` has no title). */
export interface SectionChange {
  title?: string;
  /** The id, in the chapter, of its first change. */
  anchor: string;
  added: number;
  changed: number;
  moved: number;
  removed: number;
}

export interface Book {
  /** Absolute path of the project folder. */
  root: string;
  config: ResolvedConfig;
  parts: Part[];
  chapters: Chapter[];
  assets: Asset[];
  origin: Origin;
  /** Which language's edition this is, when the handbook has more than one. */
  edition?: Edition;
  /** Translations found by load, by language: the editions are made from them (editions.ts). */
  translations?: Record<string, TranslatedSources>;
  /** Stylesheets the drawn content needs (each diagram's own styles), for assets/content.css. */
  contentCss?: string[];
  /** What changed since the earlier edition, when one is named. */
  changes?: EditionChanges;
  /** A draft's date and commit (`status: draft`, `--draft`). */
  draft?: { date: string; commit?: string };
}

/** What load found of one language's translations, before they are paired with the originals. */
export interface TranslatedSources {
  /** The language's own folder (absolute), whether or not it exists. */
  folder: string;
  /** Chapters by their path relative to their language's folder, `.fr` of a suffix removed. */
  byPath: Record<string, Chapter>;
  /** Chapters by `translationKey`. */
  byKey: Record<string, Chapter>;
  /** Part titles and summaries by the part's path. */
  parts: Record<string, { title?: string; summary?: string }>;
}
