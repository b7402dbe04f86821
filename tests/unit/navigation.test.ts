import { afterAll, describe, expect, it } from 'vitest';
import { generateBook } from '../../scripts/generate-book.ts';
import { loadBook } from '../../src/load/load-book.ts';
import type { Book } from '../../src/model/book.ts';
import { Diagnostics } from '../../src/report/diagnostics.ts';
import { NAV_COLLAPSE_ABOVE, navigation, type NavItem } from '../../src/render/view-model.ts';
import { tempDir } from '../helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

async function book(chapters: number): Promise<Book> {
  const temp = await tempDir();
  cleanups.push(temp.done);
  await generateBook(temp.dir, chapters, 1);
  return (await loadBook({ root: temp.dir }, new Diagnostics()))!;
}

function chaptersIn(items: NavItem[]): string[] {
  return items.flatMap((i) =>
    i.chapter ? [i.chapter.href] : i.part ? chaptersIn(i.part.items) : [],
  );
}

describe('the sidebar', () => {
  it('lists every chapter in a handbook of ordinary size', async () => {
    const small = await book(NAV_COLLAPSE_ABOVE);
    expect(chaptersIn(navigation(small, 'chapter-25'))).toHaveLength(NAV_COLLAPSE_ABOVE);
  });

  it("lists only the reader's own part in a big handbook, the other parts as links", async () => {
    const big = await book(120);
    const items = navigation(big, 'chapter-25');
    expect(chaptersIn(items)).toEqual(
      Array.from({ length: 10 }, (_, i) => `chapter-${21 + i}.html`),
    );
    const parts = items
      .filter((i) => i.part)
      .map((i) => i.part && [i.part.title, i.part.collapsed, i.part.href]);
    expect(parts).toHaveLength(12);
    expect(parts[0]).toEqual(['Part 1', true, 'chapter-1.html']);
    expect(parts[2]).toEqual(['Part 3', false, 'chapter-21.html']);
    // The title page's contents still list them all.
    expect(chaptersIn(navigation(big))).toHaveLength(120);
  });
});
