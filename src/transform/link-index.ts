/** What the link resolver knows of every chapter: its page and the anchors inside it. */
export interface ChapterTarget {
  id: string;
  /** Ids a link may point at: heading ids and ids written in raw HTML. */
  anchors: string[];
  /** Anchors as other tools make them (kramdown, Hugo, Pandoc, MkDocs) → our heading id. */
  aliases: Record<string, string>;
}

/**
 * Everything links resolve against. Plain data: it crosses threads.
 */
export interface LinkIndex {
  /** Chapters by source path relative to the project folder (POSIX). */
  chapters: Record<string, ChapterTarget>;
  /**
   * The URLs the tool the handbook was written for gave its pages (`guide/install`,
   * `cli/init.html`, a `permalink`, an `alias`), lower-cased, without slashes at either
   * end → the chapter's source path.
   */
  urls: Record<string, string>;
  /** The chapters folder, relative to the project ('' when it is the project). */
  chaptersDir: string;
  /** The path the original site lives under (`/mdBook/`), stripped from site-root links. */
  basePath?: string;
  /** The original site's URL, for links that lead out of the handbook. */
  siteUrl?: string;
  /** Folders site-root paths may also resolve into (Hugo's `static/`), project-relative. */
  staticDirs: string[];
}

declare module 'vfile' {
  interface DataMap {
    /** The Markdown as parsed (other tools' templates read, positions kept). */
    markdown: string;
    /** The chapter's source path relative to the project (POSIX): links resolve from here. */
    chapterPath: string;
  }
}
