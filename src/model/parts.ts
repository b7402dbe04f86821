import type { Chapter, Part } from './book.ts';

/**
 * Whether a part is just its opening chapter under the same name (a folder's README, an
 * mdBook entry with entries under it): then the chapter stands for the part in the
 * contents, the sidebar and the bookmarks, instead of the same title twice.
 */
export function openedBy(part: Part, chapter: Chapter | undefined): boolean {
  return (
    chapter !== undefined &&
    part.opening === chapter.path &&
    part.title.trim().toLowerCase() === chapter.title.trim().toLowerCase()
  );
}
