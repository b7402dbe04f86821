import { describe, expect, it } from 'vitest';
import type { LinkIndex } from '../../src/transform/link-index.ts';
import { chapterUrls, resolveLink } from '../../src/transform/link-resolver.ts';
import { otherSlugs } from '../../src/transform/slugs.ts';

// The forms links take in handbooks written for other tools, each resolved to the chapter
// (or file) the other tool would have led to.
const chapters = [
  'docs/index.md',
  'docs/getting-started.md',
  'docs/user-guide/README.md',
  'docs/user-guide/installation.md',
  'docs/user-guide/writing-your-docs.md',
  'docs/ch03-02-data-types.md',
  'docs/pod-overview/index.md',
  'docs/tasks/_index.md',
  'docs/tasks/beds.md',
];
const frontMatter: Record<string, Record<string, unknown>> = {
  'docs/tasks/beds.md': { aliases: ['/old/bed-metrics/'], slug: 'bed-and-chair' },
  'docs/getting-started.md': { permalink: '/pages/start/' },
};
const index: LinkIndex = {
  chapters: Object.fromEntries(
    chapters.map((p, i) => [p, { id: `c${i}`, anchors: [], aliases: {} }]),
  ),
  urls: {},
  chaptersDir: 'docs',
  basePath: '/mdBook/',
  staticDirs: ['static'],
};
for (const p of chapters)
  for (const url of chapterUrls(p.slice('docs/'.length), frontMatter[p] ?? {}))
    index.urls[url] ??= p;
const files = new Set(['static/images/map.png', 'docs/img/x.png']);
const resolve = (from: string, link: string) => {
  const r = resolveLink(index, from, link, (p) => files.has(p));
  return r.kind === 'none' ? `none:${r.tried}` : `${r.kind}:${r.path}`;
};

describe('links in the forms other tools write them', () => {
  it.each([
    ['a Markdown file', 'docs/index.md', 'getting-started.md', 'chapter:docs/getting-started.md'],
    [
      'a file up a folder',
      'docs/user-guide/installation.md',
      '../getting-started.md',
      'chapter:docs/getting-started.md',
    ],
    [
      'the other tool’s .html name',
      'docs/index.md',
      'ch03-02-data-types.html',
      'chapter:docs/ch03-02-data-types.md',
    ],
    [
      'a pretty URL with a slash',
      'docs/user-guide/installation.md',
      '../writing-your-docs/',
      'chapter:docs/user-guide/writing-your-docs.md',
    ],
    [
      'a pretty URL without one',
      'docs/user-guide/installation.md',
      '../writing-your-docs',
      'chapter:docs/user-guide/writing-your-docs.md',
    ],
    [
      'a folder, to its README',
      'docs/index.md',
      'user-guide/',
      'chapter:docs/user-guide/README.md',
    ],
    ['a page bundle', 'docs/index.md', 'pod-overview/', 'chapter:docs/pod-overview/index.md'],
    ['a Hugo section', 'docs/index.md', 'tasks', 'chapter:docs/tasks/_index.md'],
    [
      'a site-root path',
      'docs/tasks/beds.md',
      '/user-guide/installation/',
      'chapter:docs/user-guide/installation.md',
    ],
    [
      'a site-root path under the base path',
      'docs/tasks/beds.md',
      '/mdBook/user-guide/installation.html',
      'chapter:docs/user-guide/installation.md',
    ],
    ['a permalink', 'docs/index.md', '/pages/start/', 'chapter:docs/getting-started.md'],
    ['an alias', 'docs/index.md', '/old/bed-metrics/', 'chapter:docs/tasks/beds.md'],
    ['a slug', 'docs/index.md', '/tasks/bed-and-chair/', 'chapter:docs/tasks/beds.md'],
    [
      'a folder page’s own index.html',
      'docs/index.md',
      'user-guide/index.html',
      'chapter:docs/user-guide/README.md',
    ],
    [
      'an image from Hugo’s static/',
      'docs/index.md',
      '/images/map.png',
      'file:static/images/map.png',
    ],
    [
      'an image beside the chapters',
      'docs/user-guide/README.md',
      '../img/x.png',
      'file:docs/img/x.png',
    ],
    ['nowhere', 'docs/index.md', 'gone.md', 'none:docs/gone.md'],
  ])('%s', (_name, from, link, expected) => {
    expect(resolve(from, link)).toBe(expected);
  });

  it('finds a heading under the anchor other tools give it', () => {
    expect(otherSlugs('2.1 Installing Rust — quickly!')).toEqual(
      expect.arrayContaining([
        'installing-rust--quickly',
        '21-installing-rust-quickly',
        'installing-rust-quickly',
      ]),
    );
    expect(otherSlugs('Café & Co.')).toEqual(expect.arrayContaining(['cafe-co', 'caf--co']));
  });
});
