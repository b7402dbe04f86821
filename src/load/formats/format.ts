import type { Position } from 'unist';

/**
 * What a project folder written for another publishing tool says about itself, read from
 * that tool's own files as data (a preprocessor, hook or module it names is never run).
 * `handbook.yml`, when there is one, wins over every value here.
 */
export interface ProjectFormat {
  /** Which tool the folder is written for. */
  tool: Tool;
  /** The structure and config files read, relative to the project (for the summary). */
  files: string[];
  /** The chapters folder that tool uses (absolute). */
  chapters: string;
  /** Config values the tool's files give: title, language, authors, description … */
  config: Record<string, unknown>;
  /** An explicit table of contents (SUMMARY.md, `nav:`), when the tool has one. */
  toc?: TocSource;
  /** Pages not in the table of contents: left out (mdBook) or added after it (MkDocs). */
  unlisted?: 'omit' | 'append';
  /** Where the original site is published, for links that leave the handbook. */
  site?: { url?: string; basePath?: string };
  /** Folders under the chapters folder that are the tool's output or its machinery. */
  exclude: string[];
  /** Folders whose names start with `_` that hold pages all the same (Jekyll's collections). */
  include?: string[];
  /** Extra folders that site-root paths (`/images/x.png`) may resolve into (Hugo `static/`). */
  staticDirs: string[];
  /** What the summary should say: commands not run, settings not used. */
  notes: string[];
  /** The folder of each translated language's content (Hugo's per-language `contentDir`), absolute. */
  languageDirs?: Record<string, string>;
  /** Site params (Hugo's `params:`) as text, for its `param` shortcode. */
  params?: Record<string, string>;
}

export type Tool =
  'handbook' | 'mdbook' | 'gitbook' | 'mkdocs' | 'hugo' | 'jekyll' | 'docusaurus' | 'markdown';

/** How the summary names each tool: "Read as an mdBook". */
export const TOOL_NAMES: Record<Tool, string> = {
  handbook: 'a Handbook Press handbook',
  mdbook: 'an mdBook',
  gitbook: 'a GitBook',
  mkdocs: 'an MkDocs site',
  hugo: 'a Hugo site',
  jekyll: 'a Jekyll site',
  docusaurus: 'a Docusaurus site',
  markdown: 'a folder of Markdown',
};

/** A table of contents, with the file it was read from (for messages about its entries). */
export interface TocSource {
  /** Absolute path of the file that lists the contents. */
  file: string;
  items: TocItem[];
}

export type TocItem =
  | {
      kind: 'chapter';
      /** Path relative to the chapters folder (POSIX); a folder means its pages. */
      path: string;
      /** The title the table of contents gives it. */
      title?: string;
      children: TocItem[];
      position?: Position;
    }
  | { kind: 'part'; title: string; children: TocItem[]; position?: Position }
  | { kind: 'draft'; title: string; position?: Position };
