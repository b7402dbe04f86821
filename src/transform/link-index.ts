/** What the link resolver knows of every chapter: its page and the anchors inside it. */
export interface ChapterTarget {
  id: string;
  /** Ids a link may point at: heading ids and ids written in raw HTML. */
  anchors: string[];
}

/** Chapters by source path relative to the project folder (POSIX). Plain data: it crosses threads. */
export type LinkIndex = Record<string, ChapterTarget>;

declare module 'vfile' {
  interface DataMap {
    /** The chapter's source path relative to the project (POSIX): links resolve from here. */
    chapterPath: string;
  }
}
