import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/print/launch.ts';
import { REPO, runCli, tempDir } from '../helpers.ts';

// A section with a page of its own (MkDocs' `index.md` of a folder) is listed on the front
// page as a linked part title, numbered like a chapter: its number must stand apart from
// its title, as a chapter's does, not run into it ("3User Guide").
describe('the front page contents', () => {
  it('sets a linked part title’s number apart from its title, like a chapter’s', async () => {
    const temp = await tempDir();
    const running = await launchBrowser();
    try {
      const out = path.join(temp.dir, 'out');
      const source = path.join(REPO, '..', 'shared', 'realworld', 'mkdocs-docs');
      const run = await runCli(['build', source, '--no-pdf', '--out', out], REPO);
      expect(run.code, run.stderr).toBe(0);
      const page = await running.browser.newPage();
      await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
      const gaps = await page.$$eval('.contents-part-title > a, .contents-chapter > a', (links) =>
        links.map((link) => {
          const number = link.querySelector('.contents-num')!.getBoundingClientRect();
          const text = document.createRange();
          const title = [...link.childNodes].find((n) => n !== link.firstChild)!;
          text.selectNodeContents(title);
          return {
            part: link.parentElement!.classList.contains('contents-part-title'),
            gap: text.getBoundingClientRect().left - number.right,
            underlined: getComputedStyle(link).textDecorationLine !== 'none',
          };
        }),
      );
      const parts = gaps.filter((g) => g.part);
      const chapters = gaps.filter((g) => !g.part);
      expect(parts.length).toBeGreaterThan(0);
      expect(chapters.length).toBeGreaterThan(0);
      for (const { gap, underlined } of gaps) {
        expect(gap).toBeGreaterThan(8);
        expect(underlined).toBe(false);
      }
      // The same gap as a chapter's.
      expect(Math.abs(parts[0]!.gap - chapters[0]!.gap)).toBeLessThan(2);
    } finally {
      await running.close();
      await temp.done();
    }
  }, 60_000);
});
