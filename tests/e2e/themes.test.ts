import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyProject, REPO, runCli } from '../helpers.ts';

// A theme is a folder a user copies and overrides file by file: what the user did not copy
// still comes from the built-in theme.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanups.splice(0)) await done();
});

async function sample() {
  const temp = await copyProject(REPO);
  cleanups.push(temp.done);
  return temp.dir;
}

async function put(dir: string, relative: string, text: string) {
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), text);
}

const builtIn = (relative: string) =>
  readFile(path.join(REPO, 'templates', 'default', relative), 'utf8');

describe('themes', () => {
  it("takes the project's copy of a file and the built-in theme's for the rest", async () => {
    const dir = await sample();
    await put(
      dir,
      'templates/default/partials/footer.html',
      '<p class="ours">Ministry of Examples</p>\n',
    );
    await put(
      dir,
      'templates/default/assets/favicon.svg',
      '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    );
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.code, run.stderr).toBe(0);
    const page = await readFile(path.join(dir, 'dist', 'kosovo.html'), 'utf8');
    expect(page).toContain('<p class="ours">Ministry of Examples</p>');
    expect(page).not.toContain('footer-identity');
    // Not copied, so built in: the masthead partial and the stylesheet.
    expect(page).toContain('class="masthead"');
    expect(await readFile(path.join(dir, 'dist', 'assets', 'handbook.css'), 'utf8')).toBe(
      await builtIn('assets/handbook.css'),
    );
    expect(await readFile(path.join(dir, 'dist', 'assets', 'favicon.svg'), 'utf8')).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    );
  });

  it('falls back from a theme of its own name to the default theme, file by file', async () => {
    const dir = await sample();
    const config = path.join(dir, 'handbook.yml');
    await writeFile(config, `${await readFile(config, 'utf8')}theme: ministry\n`);
    await put(
      dir,
      'templates/ministry/partials/footer.html',
      '<p class="ours">Ministry theme</p>\n',
    );
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.code, run.stderr).toBe(0);
    const page = await readFile(path.join(dir, 'dist', 'kosovo.html'), 'utf8');
    expect(page).toContain('<p class="ours">Ministry theme</p>');
    expect(page).toContain('class="masthead"');
  });

  it('names a theme that does not exist, with what to do', async () => {
    const dir = await sample();
    const config = path.join(dir, 'handbook.yml');
    await writeFile(config, `${await readFile(config, 'utf8')}theme: nowhere\n`);
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No theme `nowhere`');
    expect(run.stderr).toContain('Create templates/nowhere/ in the project');
  });

  it('reports a broken template and a broken theme.json at their line and column', async () => {
    const dir = await sample();
    const chapter = (await builtIn('layouts/chapter.html')).replace('{{/chapter.summary}}', '');
    await put(dir, 'templates/default/layouts/chapter.html', chapter);
    const broken = await runCli(['build', '--no-pdf'], dir);
    expect(broken.code).toBe(1);
    const lines = chapter.split('\n');
    const index = lines.findIndex((l) => l.includes('{{#chapter.summary}}'));
    const [line, column] = [index + 1, lines[index]!.indexOf('{{#chapter.summary}}') + 1];
    expect(broken.stderr).toMatch(
      new RegExp(
        `templates/default/layouts/chapter\\.html:${line}:${column}: Unclosed section "chapter\\.summary"`,
      ),
    );
    expect(broken.stderr).toContain('delete your copy of it to use the built-in one');

    await put(dir, 'templates/default/layouts/chapter.html', await builtIn('layouts/chapter.html'));
    await put(
      dir,
      'templates/default/theme.json',
      '{\n  "fonts": [\n    "@fontsource/source-serif-4/400.css",\n  ]\n}\n',
    );
    const json = await runCli(['build', '--no-pdf'], dir);
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('templates/default/theme.json:4:3: Invalid JSON: value expected');
  });
});
