import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messageLines, tempDir, transformProject } from '../helpers.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Write a project from a map of relative path → content. */
async function project(files: Record<string, string>, folder = 'book'): Promise<string> {
  const temp = await tempDir();
  cleanup = temp.done;
  const root = path.join(temp.dir, folder);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return root;
}

describe('load', () => {
  it('builds from a folder holding only chapters, with defaults for everything', async () => {
    const root = await project({ 'chapters/intro.md': '# Welcome\n\nHello.\n' }, '02-field-guide');
    const { book, diagnostics } = await transformProject(root);
    expect(messageLines(diagnostics)).toEqual([]);
    expect(book!.config.title).toBe('Field Guide');
    expect(book!.config.language).toBe('en');
    expect(book!.config.classification).toBe('UNCLASSIFIED');
    expect(book!.chapters.map((c) => [c.id, c.title])).toEqual([['intro', 'Welcome']]);
  });

  it('orders by `order`, then NN- prefix, then name; folders are parts in the same order', async () => {
    const root = await project({
      'chapters/10-last.md': '# Last\n',
      'chapters/02-second.md': '# Second\n',
      'chapters/alpha.md': '# Unnumbered\n',
      'chapters/zulu.md': '---\norder: 1\n---\n# First by order\n',
      'chapters/05-missions/02-kosovo.md': '# Kosovo\n',
      'chapters/05-missions/01-bosnia.md': '# Bosnia\n',
      'chapters/05-missions/_part.yml': 'title: The missions\n',
      'chapters/06-empty/notes.txt': 'not a chapter',
      'chapters/_drafts/x.md': '# Draft folder\n',
      'chapters/03-hidden-draft.md': '---\ndraft: true\n---\n# Draft\n',
    });
    const { book, diagnostics } = await transformProject(root);
    expect(messageLines(diagnostics)).toEqual([]);
    expect(book!.chapters.map((c) => c.title)).toEqual([
      'First by order',
      'Second',
      'Bosnia',
      'Kosovo',
      'Last',
      'Unnumbered',
    ]);
    expect(book!.parts).toEqual([{ path: '05-missions', title: 'The missions' }]);
    expect(book!.chapters[2]!.part).toBe('05-missions');
  });

  it('takes the title from front-matter, then the first # heading, then the file name', async () => {
    const root = await project({
      'chapters/01-a.md': '---\ntitle: From front-matter\n---\n# Heading\n',
      'chapters/02-b.md': 'Intro.\n\n# From the heading\n',
      'chapters/03-rules-of-engagement.md': 'No heading at all.\n',
    });
    const { book } = await transformProject(root);
    expect(book!.chapters.map((c) => c.title)).toEqual([
      'From front-matter',
      'From the heading',
      'Rules of engagement',
    ]);
  });

  it('builds a handbook written for Jekyll, Hugo, mdBook and Docusaurus', async () => {
    const root = await project({
      'chapters/jekyll.md':
        '---\nlayout: post\npermalink: /jekyll/\nnav_order: 2\n---\n# Jekyll page\n\n{% include note.html %}\n',
      'chapters/hugo.md':
        '---\ntitle: Hugo page\nweight: 1\ndraft: false\ntags: [a, b]\n---\n{{< figure src="x.png" >}}\n',
      'chapters/docusaurus.md':
        '---\nsidebar_position: 3\nsidebar_label: Docs\ndescription: From Docusaurus\n---\n# Docusaurus page\n',
      'chapters/mdbook.md': '# mdBook page\n\n{{#include other.md}}\n',
    });
    const { book, diagnostics } = await transformProject(root);
    // Their syntax is read, not shown: what it names that is not there is said.
    expect(messageLines(diagnostics)).toEqual([
      'chapters/hugo.md:7:1 warning missing-alt Image without alternative text: say what it shows between the brackets, `![What it shows](…)`',
      'chapters/hugo.md:7:1 warning missing-image No image `chapters/x.png`; its description is shown instead',
      'chapters/jekyll.md:8:1 warning unknown-directive `{% include %}` is filled in by the tool the handbook was written for, which is never run: it is taken away',
      'chapters/mdbook.md:3:1 warning broken-link No file `other.md` to include; the directive is left out',
    ]);
    expect(book!.chapters.map((c) => c.title)).toEqual([
      'Hugo page',
      'Jekyll page',
      'Docusaurus page',
      'mdBook page',
    ]);
    expect(book!.chapters[2]!.summary).toBe('From Docusaurus');
  });

  it('gives chapters unique page names and reports a clashing slug', async () => {
    const root = await project({
      'chapters/01-a/01-intro.md': '# A\n',
      'chapters/02-b/01-intro.md': '# B\n',
      'chapters/03-index.md': '# Index chapter\n',
      'chapters/04-c.md': '---\nslug: intro\n---\n# C\n',
    });
    const { book, diagnostics } = await transformProject(root);
    expect(book!.chapters.map((c) => c.id)).toEqual(['intro', 'intro-2', 'index-2', 'intro-3']);
    expect(messageLines(diagnostics)).toEqual([
      'chapters/04-c.md:0:0 warning duplicate-slug Slug `intro` is already used by chapters/01-a/01-intro.md; this chapter is `intro-3.html`',
    ]);
  });

  it('reports config problems at their position, with a suggestion for a misspelt key', async () => {
    const root = await project({
      'handbook.yml': 'title: Handbook\nsubtitel: Oops\npdf:\n  pageSize: A3\n',
      'chapters/a.md': '# A\n',
    });
    const { book, diagnostics } = await transformProject(root);
    expect(book).toBeUndefined();
    expect(messageLines(diagnostics)).toEqual([
      'handbook.yml:2:1 error config Unknown key `subtitel` (did you mean `subtitle`?)',
      expect.stringMatching(/^handbook\.yml:4:13 error config `pdf\.pageSize`: /),
    ]);
  });

  it('rejects a chapter marking that is not on the scale', async () => {
    const root = await project({
      'handbook.yml': 'markings: [PUBLIC, INTERNAL]\n',
      'chapters/a.md': '---\ntitle: A\nclassification: SECRET\n---\n',
    });
    const { diagnostics } = await transformProject(root);
    expect(messageLines(diagnostics)).toEqual([
      "chapters/a.md:3:1 error classification Classification `SECRET` is not on the handbook's marking scale (PUBLIC, INTERNAL)",
    ]);
  });

  it('reports a folder without chapters', async () => {
    const root = await project({ 'chapters/readme.txt': 'nothing' });
    const { book, diagnostics } = await transformProject(root);
    expect(book).toBeUndefined();
    expect(messageLines(diagnostics)[0]).toMatch(
      /error no-chapters No Markdown chapters in `chapters`/,
    );
  });
});
