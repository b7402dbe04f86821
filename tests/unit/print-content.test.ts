import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { afterAll, expect, it } from 'vitest';
import type { PageNumbers } from '../../src/model/page-numbers.ts';
import type { PrintContentMemo } from '../../src/render/print-content.ts';
import { renderPrintEdition } from '../../src/render/print-edition.ts';
import { tempDir, transformProject, writeFiles } from '../helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

// The print edition is rendered once per build, with placeholders; the record written
// beside the PDF has the numbers written into that same HTML. It must be what a rendering
// with the numbers would be: each slot's text its template with the target's label, the
// text escaped, nothing else changed.
it('writes the numbers into a rendering made without them, escaped as text', async () => {
  const temp = await tempDir();
  cleanups.push(temp.done);
  await writeFiles(temp.dir, {
    'handbook.yml': "title: Slots\npdf:\n  crossReference: ' [p. {page} & <n>]'\n",
    'chapters/01-one.md':
      '# One\n\nSee [two](02-two.md#detail), [two](02-two.md) and [here](#one).\n',
    'chapters/02-two.md': '# Two\n\n## Detail\n\nBack to [one](01-one.md) and `[p. 00 & <n>]`.\n',
  });
  const { book } = await transformProject(temp.dir);
  const numbers: PageNumbers = {
    labels: { one: '1', two: 'iv<&', 'two--detail': '23' },
    frontPages: 2,
    bodyPages: 30,
  };
  const memo: PrintContentMemo = new Map();
  const placeholders = await renderPrintEdition(book!, { slotDigits: 3, memo });
  expect(memo.size).toBe(2);
  const numbered = await renderPrintEdition(book!, { slotDigits: 3, memo, numbers });

  const slots = (html: string) =>
    selectAll('.page-slot-text', fromHtml(html)).map((slot: Element) => [
      String(slot.properties.dataPageOf),
      toString(slot),
    ]);
  expect(slots(numbered)).toEqual([
    ['two--detail', '[p. 23 & <n>]'],
    ['two', '[p. iv<& & <n>]'],
    ['one', '[p. 1 & <n>]'],
    ['one', '[p. 1 & <n>]'],
  ]);
  // With the slots' texts put back, the chapters are the same trees.
  const chapters = (html: string) => {
    const tree = fromHtml(html);
    for (const slot of selectAll('.page-slot-text', tree))
      slot.children = [{ type: 'text', value: '' }];
    return selectAll('section.chapter', tree).map((chapter) => toHtml(chapter));
  };
  expect(chapters(numbered)).toHaveLength(2);
  expect(chapters(numbered)).toEqual(chapters(placeholders));
  // The code span that reads like a slot stays as written.
  expect(numbered).toContain('<code>[p. 00 &#x26; &#x3C;n>]</code>');
});
