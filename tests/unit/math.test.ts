import { toHtml } from 'hast-util-to-html';
import { afterAll, describe, expect, it } from 'vitest';
import { messageLines, tempDir, transformChapter } from '../helpers.ts';

const temp = await tempDir();
afterAll(() => temp.done());

async function chapterHtml(markdown: string) {
  const { book, diagnostics } = await transformChapter(temp.dir, markdown, 'Math', '01-math.md');
  return { html: toHtml(book!.chapters[0]!.hast!), messages: messageLines(diagnostics) };
}

describe('math typeset at build time', () => {
  it('writes inline, display and fenced math as KaTeX HTML and MathML, with no script', async () => {
    const { html, messages } = await chapterHtml(
      'Energy $E = mc^2$ here.\n\n$$\n\\frac{a}{b}\n$$\n\n```math\n\\sqrt{x}\n```\n',
    );
    expect(messages).toEqual([]);
    expect(html.match(/<math /g)).toHaveLength(3);
    expect(html).toContain('<annotation encoding="application/x-tex">E = mc^2</annotation>');
    expect(html.match(/class="katex-display"/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|(?:src|href)="https?:/);
    expect(html).not.toContain('language-math');
  });

  it('leaves dollars that a space follows or precedes as text, as GitHub does', async () => {
    const { html } = await chapterHtml('It costs between $5 and $10, or $ 3 $.\n');
    expect(html).toContain('It costs between $5 and $10, or $ 3 $.');
    expect(html).not.toContain('katex');
  });

  it('reports a formula KaTeX cannot read at its place, and prints it as written', async () => {
    const { html, messages } = await chapterHtml(
      'Text.\n\n```math\n\\frac{1}{\n```\n\nBad $\\foo{x}$.\n',
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /01-math\.md:11:5 warning math KaTeX could not typeset this formula: Undefined control sequence: \\foo/,
      ),
      expect.stringMatching(
        /01-math\.md:7:1 warning math KaTeX could not typeset this formula: .*expected '}'/,
      ),
    ]);
    expect(html).toContain('\\frac{1}{');
    expect(html).toContain('\\foo{x}');
  });

  it('refuses what a formula could use to link or run anything', async () => {
    const { html } = await chapterHtml(
      '$\\href{javascript:alert(1)}{x}$ and $\\htmlStyle{color:red}{y}$\n',
    );
    // The TeX stays readable in the MathML annotation; nothing of it becomes a link or a style.
    expect(html).not.toMatch(/<a |href=|style="[^"]*color:\s*red/);
  });
});
