import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxePuppeteer } from '@axe-core/puppeteer';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { launchBrowser, type RunningBrowser } from '../../src/print/launch.ts';
import { copyProject, REPO } from '../helpers.ts';

// Every page of the bundled handbook's HTML edition through axe-core, in the light and the
// dark scheme, on a desktop and a phone; and through html-validate.
let project: { dir: string; done: () => Promise<void> };
let out: string;
let pages: string[];
let browser: RunningBrowser;

beforeAll(async () => {
  project = await copyProject(REPO);
  // Amended since its last commit, so that the pages show change marks, a deleted item
  // and the page of changes too.
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', ...args], {
      cwd: project.dir,
    });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'Previous edition');
  const kosovo = path.join(project.dir, 'chapters', '02-missions', '02-kosovo.md');
  const text = await readFile(kosovo, 'utf8');
  await writeFile(
    kosovo,
    text
      .replace('- clearing mines and supporting humanitarian aid;\n', '')
      .replace('has shrunk and handed', 'has grown smaller and handed'),
  );
  const result = await build({ root: project.dir, changesSince: 'HEAD' });
  expect(result.book!.changes!.chapters.map((c) => c.chapterId)).toEqual(['kosovo']);
  expect(result.ok).toBe(true);
  out = result.outDir;
  pages = (await readdir(out)).filter((f) => f.endsWith('.html') && f !== 'print.html').sort();
  expect(pages).toContain('changes.html');
  browser = await launchBrowser({ network: true });
});

afterAll(async () => {
  await browser?.close();
  await project?.done();
});

describe('accessibility of the HTML edition', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations on any page in the ${scheme} scheme`, async () => {
      const page = await browser.browser.newPage();
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      const found: string[] = [];
      // Every page on a desktop; on a phone, one page of each layout (the same templates,
      // with the drawer and the narrow column).
      const phonePages = ['index.html', 'kosovo.html', 'changes.html'];
      for (const [width, height, names] of [
        [1280, 900, pages],
        [390, 844, phonePages],
      ] as const) {
        await page.setViewport({ width, height });
        for (const name of names) {
          await page.goto(pathToFileURL(path.join(out, name)).href, { waitUntil: 'load' });
          const results = await new AxePuppeteer(page).analyze();
          for (const violation of results.violations) {
            found.push(
              `${name} @${width}px: ${violation.id} (${violation.nodes.length}) ${violation.nodes[0]?.target.join(' ')}`,
            );
          }
        }
      }
      expect(found).toEqual([]);
      await page.close();
    });
  }

  it('shows where the keyboard focus is, and the skip link first', async () => {
    const page = await browser.browser.newPage();
    await page.goto(pathToFileURL(path.join(out, 'kosovo.html')).href);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return {
        text: el.textContent,
        outline: style.outlineStyle,
        top: el.getBoundingClientRect().top,
      };
    });
    expect(focused.text).toBe('Skip to content');
    expect(focused.outline).not.toBe('none');
    expect(focused.top).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
    await page.close();
  });

  it('passes html-validate', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      // Code highlighting colours each token inline, and a marking banner takes its colour
      // from the handbook's config: inline styles are by design in both.
      rules: { 'no-inline-style': 'off' },
    });
    const problems: string[] = [];
    for (const name of [...pages, 'print.html']) {
      const report = await validator.validateString(
        await readFile(path.join(out, name), 'utf8'),
        name,
      );
      for (const result of report.results) {
        for (const message of result.messages)
          problems.push(
            `${name}:${message.line}:${message.column} ${message.ruleId} ${message.message}`,
          );
      }
    }
    expect(problems).toEqual([]);
  });
});
