import type { Book, ChapterChange, SectionChange } from '../model/book.ts';
import { chapterNumbers } from './view-model.ts';
import { say } from './wording/wording.ts';

export interface ChangeEntry {
  kind: 'chapter' | 'section';
  title: string;
  /** The chapter and, for a section, the anchor of its first change. */
  chapterId: string;
  anchor?: string;
  /** What happened: "New chapter", "changed: 2, added: 1". */
  what: string;
}

export interface ChangesView {
  /** "Changes since v1.2". */
  headline: string;
  note: string;
  entries: ChangeEntry[];
  removed: { title: string }[];
}

/**
 * The summary of changes as both editions list it: per chapter that is new, moved or
 * changed, and per section of it that changed, what happened; then the chapters removed.
 */
export function changesView(book: Book): ChangesView | undefined {
  const { changes, config } = book;
  if (!changes) return undefined;
  const { words } = config;
  const numbers = chapterNumbers(book);
  const entries: ChangeEntry[] = [];
  for (const change of changes.chapters) {
    const chapter = book.chapters.find((c) => c.id === change.chapterId);
    if (!chapter) continue;
    entries.push({
      kind: 'chapter',
      title: `${numbers.get(chapter.id)}. ${chapter.title}`,
      chapterId: chapter.id,
      what: chapterWhat(change, words),
    });
    if (change.status === 'new') continue;
    for (const section of change.sections)
      entries.push({
        kind: 'section',
        title: section.title ?? chapter.title,
        chapterId: chapter.id,
        anchor: section.anchor,
        what: sectionWhat(section, words),
      });
  }
  return {
    headline: say(words.changesSince, { edition: changes.since }),
    note: changes.note ?? '',
    entries,
    removed: changes.removed.map((r) => ({ title: r.title })),
  };
}

function chapterWhat(change: ChapterChange, words: Book['config']['words']): string {
  if (change.status === 'new') return words.newChapter;
  if (change.status === 'moved')
    return say(words.movedChapter, { path: change.previousPath ?? '' });
  return '';
}

function sectionWhat(section: SectionChange, words: Book['config']['words']): string {
  return (
    [
      [section.changed, words.blocksChanged],
      [section.added, words.blocksAdded],
      [section.removed, words.blocksRemoved],
      [section.moved, words.blocksMoved],
    ] as const
  )
    .filter(([count]) => count > 0)
    .map(([count, template]) => say(template, { count }))
    .join(', ');
}
