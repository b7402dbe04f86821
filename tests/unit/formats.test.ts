import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/load/formats/detect.ts';
import { parseSummary } from '../../src/load/formats/summary-md.ts';
import { messageLines, tempDir, transformProject } from '../helpers.ts';

// Structure files of other tools, read as data: what each yields.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

async function project(files: Record<string, string>): Promise<string> {
  const temp = await tempDir();
  cleanups.push(temp.done);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(temp.dir, name)), { recursive: true });
    await writeFile(path.join(temp.dir, name), content);
  }
  return temp.dir;
}

const ignore = () => undefined;

describe('SUMMARY.md (mdBook, GitBook)', () => {
  it('reads prefix chapters, parts, nesting, drafts and suffix chapters', () => {
    const toc = parseSummary(
      [
        '# Summary',
        '',
        '[Introduction](README.md)',
        '',
        '# User guide',
        '',
        '- [Installation](guide/install.md)',
        '    - [From source](guide/source.md)',
        '    - [Later]()',
        '- [Reading](./guide/reading.md#top)',
        '',
        '---',
        '',
        '[Contributors](misc/contributors.md)',
      ].join('\n'),
    );
    const shape = (items: typeof toc): unknown =>
      items.map((i) =>
        i.kind === 'chapter'
          ? [i.title, i.path, ...(i.children.length ? [shape(i.children)] : [])]
          : i.kind === 'part'
            ? ['part', i.title, shape(i.children)]
            : ['draft', i.title],
      );
    expect(shape(toc)).toEqual([
      ['Introduction', 'README.md'],
      [
        'part',
        'User guide',
        [
          [
            'Installation',
            'guide/install.md',
            [
              ['From source', 'guide/source.md'],
              ['draft', 'Later'],
            ],
          ],
          ['Reading', 'guide/reading.md'],
        ],
      ],
      ['Contributors', 'misc/contributors.md'],
    ]);
  });
});

describe('detecting what a folder was written for', () => {
  it('reads mdBook from book.toml and orders by SUMMARY.md, leaving unlisted files out', async () => {
    const root = await project({
      'book.toml':
        '[book]\ntitle = "Guide"\nauthors = ["A", "B"]\nlanguage = "fr"\nsrc = "text"\n\n[preprocessor.links]\ncommand = "rm -rf /"\n',
      'text/SUMMARY.md':
        '- [Start](start.md)\n- [Part](part/README.md)\n  - [Inner](part/inner.md)\n',
      'text/start.md': '# Start page\n',
      'text/part/README.md': '# Part page\n',
      'text/part/inner.md': '# Inner page\n',
      'text/unlisted.md': '# Not listed\n',
    });
    const format = await detectFormat(root, false, ignore);
    expect(format.tool).toBe('mdbook');
    expect(format.config).toEqual({ title: 'Guide', authors: ['A', 'B'], language: 'fr' });
    expect(format.notes).toEqual(['preprocessor links (`rm -rf /`) is not run']);
    const { book } = await transformProject(root);
    expect(book!.config.title).toBe('Guide');
    expect(book!.chapters.map((c) => [c.title, c.part ?? ''])).toEqual([
      ['Start', ''],
      ['Part', 'contents:1'],
      ['Inner', 'contents:1'],
    ]);
    expect(book!.origin.unlisted).toBe(1);
  });

  it('reads MkDocs nav, its folders and literate-nav files; unlisted pages follow', async () => {
    const root = await project({
      'mkdocs.yml':
        'site_name: Docs\nsite_url: https://docs.example.org/\ndocs_dir: src\nnav:\n  - Home: index.md\n  - Guide: guide/\n  - About:\n    - License: about/license.md\n  - GitHub: https://github.com/x\nplugins:\n  - literate-nav:\n      nav_file: README.md\nhooks:\n  - hooks.py\n',
      'src/index.md': '# Welcome\n',
      'src/guide/README.md': '# Guide\n\n- [Second](second.md)\n- [First](first.md)\n',
      'src/guide/first.md': '# First\n',
      'src/guide/second.md': '# Second\n',
      'src/about/license.md': '# License\n',
      'src/extra.md': '# Extra\n',
    });
    const format = await detectFormat(root, false, ignore);
    expect(format.tool).toBe('mkdocs');
    expect(format.site).toEqual({ url: 'https://docs.example.org/' });
    expect(format.notes).toContain('hooks (hooks.py) are not run');
    const { book } = await transformProject(root);
    expect(book!.chapters.map((c) => c.title)).toEqual([
      'Home',
      'Guide',
      'Second',
      'First',
      'License',
      'Extra',
    ]);
  });

  it('reads Hugo (hugo.toml before config.*), sections, bundles, weights and TOML front-matter', async () => {
    const root = await project({
      'hugo.toml':
        'title = "Site"\nbaseURL = "https://site.example/"\ncontentDir = "pages"\n[params]\nversion = "2.1"\n',
      'config.yaml': 'foo: bar\n',
      'pages/_index.md': '---\ntitle: Home\n---\nVersion {{% param version %}}.\n',
      'pages/docs/_index.md': '+++\ntitle = "Docs"\nweight = 2\n+++\n',
      'pages/docs/b.md': '---\ntitle: B\nweight: 2\n---\n',
      'pages/docs/a.md': '---\ntitle: A\nweight: 1\n---\n',
      'pages/about/index.md': '---\ntitle: About\nmenu: { main: { weight: 1 } }\n---\n',
      'pages/search.md': '---\ntitle: Search\nlayout: search\n---\n',
    });
    const format = await detectFormat(root, false, ignore);
    expect(format.tool).toBe('hugo');
    expect(format.files).toEqual(['hugo.toml']);
    const { book, diagnostics } = await transformProject(root);
    expect(messageLines(diagnostics)).toEqual([]);
    expect(book!.config.title).toBe('Site');
    expect(book!.chapters.map((c) => c.title)).toEqual(['Home', 'About', 'Docs', 'A', 'B']);
    expect(book!.chapters.map((c) => c.id)).toEqual(['home', 'about', 'docs', 'a', 'b']);
    expect(book!.parts.map((p) => p.title)).toEqual(['Docs']);
  });

  it('reads Jekyll: its title, its collections, links through its base URL', async () => {
    const root = await project({
      '_config.yml':
        'title: Team handbook\nurl: https://team.example\nbaseurl: /handbook\ncollections:\n  procedures:\n    output: true\nexclude: [drafts]\n',
      'index.md':
        '---\nlayout: home\n---\n# Welcome\n\nSee [the radio procedure]({{ site.baseurl }}/procedures/radio/) and [{% link about.md %}]({% link about.md %}) and [the wiki](/wiki/start/).\n',
      'about.md': '# About us\n',
      '_procedures/radio.md': '---\npermalink: /procedures/radio/\n---\n# Radio\n',
      '_layouts/default.html': '<html>{{ content }}</html>',
      'drafts/idea.md': '# Not yet\n',
    });
    const { book, diagnostics } = await transformProject(root);
    expect(messageLines(diagnostics)).toEqual([]);
    expect(book!.origin.tool).toBe('jekyll');
    expect(book!.config.title).toBe('Team handbook');
    expect(book!.chapters.map((c) => c.title)).toEqual(['Welcome', 'Radio', 'About us']);
    expect(book!.parts.map((p) => p.title)).toEqual(['Procedures']);
    const html = (await import('hast-util-to-html')).toHtml(book!.chapters[0]!.hast!);
    expect(html).toContain('href="radio.html"');
    expect(html).toContain('href="about.html"');
    // Not in the handbook, but the site is known: the link goes there.
    expect(html).toContain('href="https://team.example/handbook/wiki/start/"');
  });

  it('orders Just the Docs pages by their parent, grand_parent and nav_order, whatever their folders', async () => {
    const page = (title: string, extra = '') =>
      `---\ntitle: ${title}\n${extra}---\n\n# ${title}\n\nText.\n`;
    const root = await project({
      '_config.yml': 'title: Team handbook\ntheme: just-the-docs\n',
      'index.md': page('Home', 'nav_order: 1\n'),
      'docs/getting-started.md': page('Getting started', 'nav_order: 2\nhas_children: true\n'),
      'docs/installation.md': page('Installation', 'parent: Getting started\nnav_order: 1\n'),
      'docs/configuration.md': page('Configuration', 'parent: Getting started\nnav_order: 2\n'),
      // Two pages named Advanced: grand_parent says which one this is under.
      'docs/advanced.md': page(
        'Advanced',
        'parent: Configuration\ngrand_parent: Getting started\n',
      ),
      'docs/z-reference.md': page('Reference', 'nav_order: 3\n'),
      'docs/ref/configuration.md': page('Configuration', 'parent: Reference\n'),
      'docs/ref/advanced.md': page('Advanced', 'parent: Configuration\ngrand_parent: Reference\n'),
      'docs/about.md': page('About'),
      'docs/hidden.md': page('Hidden', 'nav_exclude: true\n'),
    });
    const { book, diagnostics } = await transformProject(root);
    expect(messageLines(diagnostics)).toEqual([]);
    const parts = new Map(book!.parts.map((p) => [p.path, p]));
    const trail = (part: string | undefined): string =>
      part ? `${trail(parts.get(part)!.parent)}${parts.get(part)!.title} > ` : '';
    expect(book!.chapters.map((c) => `${trail(c.part)}${c.path.replace(/^.*\//, '')}`)).toEqual([
      'index.md',
      'Getting started > getting-started.md',
      'Getting started > installation.md',
      'Getting started > Configuration > configuration.md',
      'Getting started > Configuration > advanced.md',
      'Reference > z-reference.md',
      'Reference > Configuration > configuration.md',
      'Reference > Configuration > advanced.md',
      'about.md',
      // Left out of the theme's navigation: after the listed pages, in its folder.
      'Docs > hidden.md',
    ]);
  });

  it('reads a Docusaurus config as text only, never running it', async () => {
    const root = await project({
      'docusaurus.config.js':
        "require('fs').writeFileSync('ran', 'yes');\nmodule.exports = { title: 'Docs site', url: 'https://d.example', baseUrl: '/x/' };\n",
      'docs/intro.md': '---\nsidebar_position: 2\n---\n# Intro\n',
      'docs/start.md': '---\nsidebar_position: 1\n---\n# Start\n',
      'docs/more/_category_.json': '{ "label": "More things", "position": 3 }',
      'docs/more/x.md': '# X\n',
    });
    const format = await detectFormat(root, false, ignore);
    expect(format.tool).toBe('docusaurus');
    expect(format.config).toEqual({ title: 'Docs site' });
    expect(format.site).toEqual({ url: 'https://d.example/x/' });
    const { book } = await transformProject(root);
    expect(book!.chapters.map((c) => c.title)).toEqual(['Start', 'Intro', 'X']);
    expect(book!.parts.map((p) => p.title)).toEqual(['More things']);
    const { existsSync } = await import('node:fs');
    expect(existsSync(path.join(root, 'ran'))).toBe(false);
  });

  it('reads a plain folder: README opens it, its heading names the handbook, name.md opens name/', async () => {
    const root = await project({
      'README.md': '# Field manual\n',
      'radio.md': '# Radio\n',
      'radio/channels.md': '# Channels\n',
      'zulu.md': '# Zulu\n',
      'dist/old.md': '# Old output\n',
    });
    const { book } = await transformProject(root);
    expect(book!.origin.tool).toBe('markdown');
    expect(book!.config.title).toBe('Field manual');
    expect(book!.chapters.map((c) => [c.title, c.part ?? ''])).toEqual([
      ['Field manual', ''],
      ['Radio', 'radio'],
      ['Channels', 'radio'],
      ['Zulu', ''],
    ]);
  });

  it('lets handbook.yml win over the other tool and give the contents itself', async () => {
    const root = await project({
      'handbook.yml':
        'title: Ours\ncontents:\n  - b.md\n  - { title: Part one, contents: [a.md] }\n',
      'book.toml': '[book]\ntitle = "Theirs"\nsrc = "."\n',
      'a.md': '# A\n',
      'b.md': '# B\n',
      'SUMMARY.md': '- [A](a.md)\n',
    });
    const { book } = await transformProject(root);
    expect(book!.config.title).toBe('Ours');
    expect(book!.chapters.map((c) => c.title)).toEqual(['B', 'A']);
    expect(book!.parts.map((p) => p.title)).toEqual(['Part one']);
  });
});
