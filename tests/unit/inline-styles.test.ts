import { toHtml } from 'hast-util-to-html';
import { afterAll, describe, expect, it } from 'vitest';
import { moveInlineStyles } from '../../src/transform/inline-styles.ts';
import { tempDir, transformChapter } from '../helpers.ts';

const temp = await tempDir();
afterAll(() => temp.done());

async function bookOf(markdown: string) {
  const { book } = await transformChapter(temp.dir, markdown, 'Styles');
  return book!;
}

describe('inline styles moved to the build’s stylesheet', () => {
  it('leaves no style attribute, one class attribute per element, and a rule per style', async () => {
    const book = await bookOf('```js\nconst a = 1;\n```\n\nEnergy $E = mc^2$ here.\n');
    moveInlineStyles(book);
    const html = toHtml(book.chapters[0]!.hast!);
    expect(html).not.toContain(' style=');
    const pre = html.match(/<pre[^>]*>/)![0];
    expect(pre.match(/ class=/g)).toHaveLength(1);
    expect(pre).toMatch(/class="shiki [^"]*st-[0-9a-f]{12}"/);
    const css = book.contentCss!.join('\n');
    for (const name of new Set(html.match(/st-[0-9a-f]{12}/g))) {
      expect(css).toMatch(new RegExp(`\\.${name}\\{[^}]+\\}`));
    }
  });
});
