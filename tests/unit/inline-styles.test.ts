import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { afterAll, describe, expect, it } from 'vitest';
import { moveInlineStyles } from '../../src/transform/inline-styles.ts';
import { tempDir, transformProject } from '../helpers.ts';

const temp = await tempDir();
afterAll(() => temp.done());

async function bookOf(markdown: string) {
  const root = path.join(temp.dir, String(Math.random()).slice(2));
  await mkdir(path.join(root, 'chapters'), { recursive: true });
  await writeFile(path.join(root, 'handbook.yml'), 'title: Styles\n');
  await writeFile(path.join(root, 'chapters', '01-a.md'), `---\ntitle: A\n---\n\n${markdown}`);
  const { book } = await transformProject(root);
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
