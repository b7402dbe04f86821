import matter from 'gray-matter';
import path from 'node:path';
import type { PreviousSources } from '../../load/previous-edition.ts';
import type { Book, ChapterChange, EditionChanges, SectionChange } from '../../model/book.ts';
import { rewriteShortcodes } from '../shortcodes.ts';
import { rewriteAdmonitionTitles, rewriteTemplateLinks } from '../source-rewrites.ts';
import { blocksOf, type Block } from './blocks.ts';
import { matchChapters } from './chapter-matching.ts';
import { compareBlocks, type ChapterComparison } from './compare.ts';

export interface ComparedEdition {
  changes: EditionChanges;
  /** Per current chapter id: its blocks and how they compare with the earlier ones. */
  chapters: Map<string, { blocks: Block[]; comparison: ChapterComparison }>;
}

/**
 * The book compared with an earlier edition of itself: chapters paired by path or by
 * likeness, each pair compared block by block, and what is new, changed, moved or gone.
 */
export function compareEdition(
  book: Book,
  previous: PreviousSources,
  onUnreadable: (file: string) => void = () => {},
): ComparedEdition {
  const shown = new Set(book.chapters.map((c) => c.path));
  const before = [...previous.files]
    .filter(([file]) => inEdition(file, book, shown))
    .map(([file, source]) => ({ path: file, ...earlier(source, file, onUnreadable) }));
  const now = book.chapters.map((c) => ({
    path: c.path,
    chapter: c,
    blocks: blocksOf(parsedText(c.body)),
  }));
  const matches = matchChapters(before, now);
  const byPath = new Map(before.map((b) => [b.path, b]));
  const chapters: ComparedEdition['chapters'] = new Map();
  const changed: ChapterChange[] = [];
  for (const current of now) {
    const old = byPath.get(matches.get(current.path) ?? '');
    const comparison = compareBlocks(old?.blocks ?? [], current.blocks);
    chapters.set(current.chapter.id, { blocks: current.blocks, comparison });
    const sections = sectionChanges(current.blocks, comparison);
    const status = !old ? 'new' : old.path !== current.path ? 'moved' : 'changed';
    if (status === 'changed' && sections.length === 0) continue;
    changed.push({
      chapterId: current.chapter.id,
      status,
      ...(old && old.path !== current.path ? { previousPath: old.path } : {}),
      sections,
    });
  }
  const kept = new Set(matches.values());
  const removed = before
    .filter((b) => !kept.has(b.path))
    .map((b) => ({ title: b.title, path: b.path }));
  const { config } = book;
  const note = config.revisions.find((r) => r.version === config.version)?.changes;
  return {
    changes: { since: previous.label, chapters: changed, removed, ...(note ? { note } : {}) },
    chapters,
  };
}

/** The anchor of a changed block, or of the mark where blocks were deleted before it. */
export function changeAnchor(index: number, deleted = false): string {
  return `${deleted ? 'deleted' : 'change'}-${index + 1}`;
}

/** Per section, what happened in it, and where its first change is. */
function sectionChanges(blocks: Block[], comparison: ChapterComparison): SectionChange[] {
  const sections = new Map<string, SectionChange>();
  const entry = (title: string | undefined, anchor: string) => {
    const key = title ?? '';
    let found = sections.get(key);
    if (!found) {
      found = { ...(title ? { title } : {}), anchor, added: 0, changed: 0, moved: 0, removed: 0 };
      sections.set(key, found);
    }
    return found;
  };
  const events = [
    ...[...comparison.changed].map(([index, kind]) => ({ index, kind, count: 1 })),
    ...comparison.deleted.map((d) => ({
      index: d.before,
      kind: 'removed' as const,
      count: d.texts.length,
    })),
  ].sort((a, b) => a.index - b.index);
  for (const event of events) {
    const block = blocks[Math.min(event.index, blocks.length - 1)];
    const section = entry(block?.section, changeAnchor(event.index, event.kind === 'removed'));
    section[event.kind] += event.count;
  }
  return [...sections.values()];
}

/** An earlier chapter: its title and its blocks, read as the current ones are. */
function earlier(
  source: string,
  file: string,
  onUnreadable: (file: string) => void,
): { title: string; blocks: Block[] } {
  let body = source;
  let title: string | undefined;
  try {
    const parsed = matter(source);
    body = parsed.content;
    if (typeof parsed.data.title === 'string') title = parsed.data.title;
  } catch {
    // Front-matter that no longer parses: the chapter is compared as text, and said so.
    onUnreadable(file);
  }
  title ??= /^#\s+(.+)$/m.exec(body)?.[1]?.trim() ?? path.basename(file).replace(/\.\w+$/, '');
  return { title, blocks: blocksOf(parsedText(body)) };
}

/** The Markdown as the transform parses it, with other tools' template syntax read. */
function parsedText(body: string): string {
  return rewriteShortcodes(rewriteTemplateLinks(rewriteAdmonitionTitles(body).body).body).body;
}

/**
 * Whether an earlier file is one of this edition's chapters: the original's are those not
 * in a language folder (`fr/`) nor with a language suffix (`x.fr.md`); a translated
 * edition's are those of its language, and the originals it shows untranslated.
 */
function inEdition(file: string, book: Book, shown: Set<string>): boolean {
  const [original, ...others] = book.config.languages.map((l) => l.toLowerCase());
  const language = book.config.language.toLowerCase();
  const parts = file.toLowerCase().split('/');
  const name = parts.at(-1)!;
  if (name === 'summary.md') return false;
  const of = (lang: string) => parts.slice(0, -1).includes(lang) || name.endsWith(`.${lang}.md`);
  if (language === original) return !others.some(of);
  return of(language) || shown.has(file);
}
