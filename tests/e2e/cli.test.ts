import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { brokenLinks, readPage } from '../link-check.ts';
import { copyProject, REPO, runCli, tempDir } from '../helpers.ts';
import { cliBundle } from '../../scripts/cli-bundle.mjs';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanups.splice(0)) await done();
});

async function sample() {
  const temp = await copyProject(REPO);
  cleanups.push(temp.done);
  return temp.dir;
}

async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) =>
    e.isFile(),
  )) {
    const full = path.join(name.parentPath, name.name);
    files[path.relative(dir, full)] = (await readFile(full)).toString('base64');
  }
  return files;
}

describe('handbook build (CLI)', () => {
  it('builds the bundled handbook: every page titled, every link and anchor resolving', async () => {
    const dir = await sample();
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.stderr).toMatch(/Built 28 pages in 2 languages \(en-GB, fr\) into dist\//);
    expect(run.code).toBe(0);
    const out = path.join(dir, 'dist');
    expect(await brokenLinks(out)).toEqual([]);
    const pages = (await readdir(out)).filter((f) => f.endsWith('.html'));
    expect(pages).toHaveLength(14);
    for (const page of pages) {
      const facts = await readPage(path.join(out, page));
      expect(facts.lang, page).toBe('en-GB');
      expect(facts.title.length, page).toBeGreaterThan(5);
    }
    expect(existsSync(path.join(out, 'media/chapters/03-conduct/images/command-chain.svg'))).toBe(
      true,
    );
    const fonts = await readdir(path.join(out, 'assets/fonts'));
    expect(fonts.filter((f) => f.endsWith('.woff2')).length).toBeGreaterThan(10);
    const css = await readFile(path.join(out, 'assets/fonts/fonts.css'), 'utf8');
    expect(css).not.toMatch(/https?:/);
    expect(css).toContain("font-family: 'Source Serif 4'");
  });

  it('fails on broken YAML with the file, line and column, and keeps the previous output', async () => {
    const dir = await sample();
    expect((await runCli(['build', '--no-pdf'], dir)).code).toBe(0);
    const before = await tree(path.join(dir, 'dist'));

    const chapter = path.join(dir, 'chapters/02-missions/02-kosovo.md');
    const text = await readFile(chapter, 'utf8');
    await writeFile(chapter, text.replace('summary: A safe', 'summary: Note: a safe'));
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('chapters/02-missions/02-kosovo.md');
    expect(run.stderr).toMatch(
      /\n3:10\s+error\s+Invalid YAML in front-matter: Nested mappings are not allowed/,
    );
    expect(run.stderr).toContain('the previous output in dist is unchanged');
    expect(await tree(path.join(dir, 'dist'))).toEqual(before);
    expect((await readdir(dir)).filter((n) => n.startsWith('.handbook-'))).toEqual([]);
  });

  it('never runs ---js front-matter', async () => {
    const dir = await sample();
    const marker = path.join(dir, 'pwned.txt');
    await writeFile(
      path.join(dir, 'chapters/00-evil.md'),
      `---js\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran') }\n---\n# Evil\n`,
    );
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /chapters\/00-evil\.md\n1:1\s+error\s+Front-matter in `js` is code and is never run/,
    );
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('reports a link to a missing chapter or anchor at its position', async () => {
    const dir = await sample();
    await writeFile(
      path.join(dir, 'chapters/00-links.md'),
      '# Links\n\nSee [Kosovo](02-missions/02-kosovo.md#nope)\nand [gone](02-missions/09-gone.md).\n',
    );
    // The sample says `strict: true`: a link that leads nowhere fails its build.
    const run = await runCli(['build', '--no-pdf'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /3:5-3:44\s+warning\s+No heading or anchor `#nope` in `chapters\/02-missions\/02-kosovo\.md`; the link is left as text\s+broken-link/,
    );
    expect(run.stderr).toMatch(
      /4:5-4:35\s+warning\s+No chapter `chapters\/02-missions\/09-gone\.md`; the link is left as text\s+broken-link/,
    );
    // A first build that fails says so, instead of promising a previous output.
    expect(run.stderr).toContain('Build failed; nothing was written to dist.');
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('refuses to replace a folder it did not make, and never writes over the project', async () => {
    const dir = await sample();
    const mine = path.join(dir, 'my-notes');
    await mkdir(mine);
    await writeFile(path.join(mine, 'important.txt'), 'keep me');
    const run = await runCli(['build', '--no-pdf', '--out', 'my-notes'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Refusing to replace .*my-notes.*not a folder Handbook Press made/);
    expect(await readFile(path.join(mine, 'important.txt'), 'utf8')).toBe('keep me');

    const intoProject = await runCli(['build', '--no-pdf', '--out', '.'], dir);
    expect(intoProject.code).toBe(1);
    expect(intoProject.stderr).toMatch(/Refusing to write the output/);
    expect(existsSync(path.join(dir, 'chapters/01-foundations/01-introduction.md'))).toBe(true);
  });

  it('takes DIR, --out and --chapters', async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    const project = path.join(temp.dir, 'book');
    await mkdir(path.join(project, 'content'), { recursive: true });
    await writeFile(path.join(project, 'content', 'only.md'), '# Only chapter\n');
    const run = await runCli(
      ['build', 'book', '--chapters', 'book/content', '--out', 'site', '--no-pdf'],
      temp.dir,
    );
    expect(run.code).toBe(0);
    expect(existsSync(path.join(temp.dir, 'site', 'only.html'))).toBe(true);
    await rm(path.join(temp.dir, 'site'), { recursive: true });
  });

  it('keeps results in --cache-dir, and reads none with --no-cache', async () => {
    const dir = await sample();
    const cache = path.join(dir, 'build-cache');
    expect((await runCli(['build', '--no-pdf', '--cache-dir', 'build-cache'], dir)).code).toBe(0);
    const kept = (await readdir(cache, { recursive: true })).filter((f) => f.endsWith('.json'));
    expect(kept.length).toBeGreaterThanOrEqual(2 * 13);
    const cached = await tree(path.join(dir, 'dist'));
    const clean = await runCli(['build', '--no-pdf', '--no-cache'], dir);
    expect(clean.code).toBe(0);
    expect(await tree(path.join(dir, 'dist'))).toEqual(cached);
    const inside = await runCli(['build', '--no-pdf', '--cache-dir', 'dist/cache'], dir);
    expect(inside.code).toBe(1);
    expect(inside.stderr).toMatch(/cache folder .* is inside the output folder/);
  });

  it('exits 2 on usage errors, 0 on --help and --version', async () => {
    const dir = REPO;
    const bad = await runCli(['build', '--bogus'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
    expect((await runCli(['frobnicate'], dir)).code).toBe(2);
    const help = await runCli(['build', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--no-pdf');
    const version = await runCli(['--version'], dir);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // The same command from the sources through tsx, as where no bundle can be made.
    const sources = await runCli(['--version'], dir, { HANDBOOK_NO_BUNDLE: '1' });
    expect(sources.code).toBe(0);
    expect(sources.stdout).toBe(version.stdout);
  });

  it('builds the same pages and PDFs from its bundle as from the sources', async () => {
    const dir = await sample();
    const fromBundle = await runCli(['build', '.', '--no-cache', '--out', 'bundle'], dir);
    const fromSources = await runCli(['build', '.', '--no-cache', '--out', 'sources'], dir, {
      HANDBOOK_NO_BUNDLE: '1',
    });
    expect([fromBundle.code, fromSources.code]).toEqual([0, 0]);
    const made = async (out: string) =>
      Object.fromEntries(
        Object.entries(await tree(path.join(dir, out))).filter(([name]) =>
          /\.(html|pdf)$/.test(name),
        ),
      );
    const bundled = await made('bundle');
    expect(Object.keys(bundled).length).toBeGreaterThan(5);
    // Both PDFs (English and French), byte for byte: the bundle holds pdf-lib and pako
    // once, and the streams pdf-lib writes are Node's zlib's in both (native-deflate.ts).
    expect(Object.keys(bundled).filter((name) => name.endsWith('.pdf'))).toHaveLength(2);
    expect(bundled).toEqual(await made('sources'));
    // The bundle leaves out the tree walker's naming of a function per node (cli-bundle.mjs):
    // were the statement written otherwise upstream, this says the speed-up is gone.
    const main = fileURLToPath((await cliBundle())!);
    const code = await Promise.all(
      (await readdir(path.dirname(main)))
        .filter((name) => name.endsWith('.js'))
        .map((name) => readFile(path.join(path.dirname(main), name), 'utf8')),
    );
    expect(code.join('\n')).toContain('function visitParents(');
    expect(code.join('\n')).not.toMatch(/Object\.defineProperty\(visit\d*, "name"/);
  });
});
