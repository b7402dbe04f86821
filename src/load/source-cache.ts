import { stat } from 'node:fs/promises';
import type { VFile } from 'vfile';
import { carryMessages, replayMessage, type CarriedMessage } from '../report/messages.ts';
import { readFrontMatter, type SplitChapter } from './front-matter.ts';
import { checkLimits } from './limits.ts';
import { readText } from './read-text.ts';

/** A chapter file read and split, or why it could not be (messages on the file). */
export interface ReadChapterFile {
  source?: string;
  split?: SplitChapter;
}

interface Entry extends ReadChapterFile {
  mtimeMs: number;
  size: number;
  messages: CarriedMessage[];
}

/**
 * Chapter files as read last time, kept while their size and modification time stay the
 * same: a rebuild in `handbook dev` reads and splits only the files that changed.
 */
export class SourceCache {
  private readonly entries = new Map<string, Entry>();

  async read(file: VFile, absolute: string, root: string): Promise<ReadChapterFile> {
    // A link to nothing has no modification time: the reader says what it is.
    const { mtimeMs, size } = await stat(absolute).catch(() => ({ mtimeMs: -1, size: -1 }));
    const cached = this.entries.get(absolute);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) {
      if (cached.source !== undefined) file.value = cached.source;
      for (const message of cached.messages) replayMessage(file, message);
      return cached;
    }
    const from = file.messages.length;
    const result = await readChapterFile(file, absolute, root);
    this.entries.set(absolute, { ...result, mtimeMs, size, messages: carryMessages(file, from) });
    return result;
  }

  /** Forget files that are no longer part of the book. */
  retain(absolutePaths: Set<string>): void {
    for (const key of this.entries.keys()) if (!absolutePaths.has(key)) this.entries.delete(key);
  }
}

/** Read a chapter file as text and split off its front-matter. */
export async function readChapterFile(
  file: VFile,
  absolute: string,
  root: string,
): Promise<ReadChapterFile> {
  const source = await readText(file, absolute, root);
  if (source === undefined) return {};
  file.value = source;
  const split = readFrontMatter(file, source);
  if (split.ok && !checkLimits(file, split.body)) return { source, split: { ...split, ok: false } };
  return { source, split };
}
