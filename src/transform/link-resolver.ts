import path from 'node:path';
import { safeDecode } from '../load/paths.ts';
import type { LinkIndex } from './link-index.ts';

/** Where a link (its path, without `#fragment`) leads, as the tool it was written for read it. */
export type Resolved =
  | { kind: 'chapter'; path: string }
  /** A file of the project (project-relative), not a chapter. */
  | { kind: 'file'; path: string }
  | { kind: 'none'; tried: string };

const PAGE_NAMES = ['index', 'README', 'readme', '_index'];
const MARKDOWN_EXTENSIONS = ['.md', '.markdown', '.mdx'];

/**
 * Resolve a link the ways the tools our users come from resolve them, first match wins:
 * the file it names, relative to the chapter (`../missions/kosovo.md`); the same from the
 * chapters folder for a site-root path (`/guide/install.md`, the original site's base path
 * stripped); the page another tool made of a file (`kosovo.html` → `kosovo.md`); a pretty
 * URL, relative to the page's own URL as MkDocs and Hugo make it (`../kosovo/` from
 * `missions/bosnia.md` → `missions/kosovo.md`), a folder meaning its own page; and a URL
 * a chapter claimed (`permalink`, `url`, `aliases`). `exists` tells whether a
 * project-relative file is there.
 */
export function resolveLink(
  index: LinkIndex,
  fromChapter: string,
  written: string,
  exists: (projectRelative: string) => boolean,
): Resolved {
  const raw = safeDecode(written);
  const chapterDir = path.posix.dirname(fromChapter);
  const siteRoot = raw.startsWith('/');
  const sitePath = siteRoot ? stripBase(raw, index.basePath) : raw;
  const bases = siteRoot ? [index.chaptersDir] : [chapterDir];
  const candidates: string[] = [];
  for (const base of bases) candidates.push(join(base, sitePath));
  if (siteRoot) {
    for (const dir of index.staticDirs) candidates.push(join(dir, sitePath));
    candidates.push(join('', sitePath));
  }
  // A page's URL is its folder and name (`missions/bosnia/`): pretty links start there.
  if (!siteRoot && !isFolderPage(fromChapter)) {
    const pageUrl = join(chapterDir, path.posix.basename(fromChapter).replace(/\.[^.]+$/, ''));
    candidates.push(join(pageUrl, sitePath));
  }
  for (const candidate of candidates) {
    const found = chapterAt(index, candidate) ?? pageOf(index, candidate);
    if (found) return { kind: 'chapter', path: found };
  }
  // A URL a chapter claimed (a permalink, an alias) is a URL of the site, from its root.
  for (const candidate of candidates) {
    const underChapters = withinFolder(index.chaptersDir, candidate);
    const claimed = underChapters === undefined ? undefined : index.urls[urlKey(underChapters)];
    if (claimed) return { kind: 'chapter', path: claimed };
  }
  for (const candidate of candidates)
    if (candidate && exists(candidate)) return { kind: 'file', path: candidate };
  return { kind: 'none', tried: candidates[0] ?? sitePath };
}

/** The chapter a path names exactly, or as another tool's output name (`x.html`). */
function chapterAt(index: LinkIndex, candidate: string): string | undefined {
  if (index.chapters[candidate]) return candidate;
  const stem = candidate.replace(/\.html?$/i, '');
  if (stem !== candidate || !path.posix.extname(candidate)) {
    for (const extension of MARKDOWN_EXTENSIONS)
      if (index.chapters[stem + extension]) return stem + extension;
  }
  return undefined;
}

/** The page of a folder (`guide/` → `guide/README.md`), or of `guide/index.html`. */
function pageOf(index: LinkIndex, candidate: string): string | undefined {
  const folder = candidate.replace(/\/index\.html?$/i, '');
  for (const name of PAGE_NAMES) {
    for (const extension of MARKDOWN_EXTENSIONS) {
      const page = join(folder, name + extension);
      if (index.chapters[page]) return page;
    }
  }
  return undefined;
}

/** `path` relative to `folder` (both project-relative), or undefined when it is not inside. */
function withinFolder(folder: string, target: string): string | undefined {
  if (folder === '') return target;
  if (target === folder) return '';
  return target.startsWith(`${folder}/`) ? target.slice(folder.length + 1) : undefined;
}

function join(base: string, relative: string): string {
  const joined = path.posix.normalize(path.posix.join(base, relative.replace(/^\/+/, '')));
  return joined === '.' ? '' : joined.replace(/\/+$/, '');
}

function stripBase(sitePath: string, basePath: string | undefined): string {
  if (!basePath) return sitePath;
  const base = `/${basePath.replace(/^\/+|\/+$/g, '')}`;
  if (base === '/') return sitePath;
  return sitePath === base || sitePath.startsWith(`${base}/`)
    ? sitePath.slice(base.length) || '/'
    : sitePath;
}

function isFolderPage(chapterPath: string): boolean {
  return /(^|\/)(index|readme|_index)\.(md|markdown|mdx)$/i.test(chapterPath);
}

/** A URL as the key of `LinkIndex.urls`: lower case, no slashes at either end, no `.html`. */
export function urlKey(url: string): string {
  return url
    .replace(/[?#].*$/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/(^|\/)index\.html?$/i, '')
    .replace(/\.html?$/i, '')
    .toLowerCase();
}

/**
 * The URLs the original tool gave a chapter: its path under the chapters folder as a
 * pretty URL and as an `.html` page, with `slug`, `url`, `permalink` and `aliases` from
 * its front-matter. Keys as `urlKey` makes them.
 */
export function chapterUrls(
  relativeToChapters: string,
  frontMatter: Record<string, unknown>,
): string[] {
  const withoutExtension = relativeToChapters.replace(/\.[^./]+$/, '');
  const own = isFolderPage(relativeToChapters)
    ? path.posix.dirname(withoutExtension).replace(/^\.$/, '')
    : withoutExtension;
  const urls = [own];
  const slug = typeof frontMatter.slug === 'string' ? frontMatter.slug : undefined;
  if (slug) urls.push(join(path.posix.dirname(own), slug));
  for (const key of ['url', 'permalink']) {
    const value = frontMatter[key];
    // A permalink pattern (`/:categories/:title/`) names no one page.
    if (typeof value === 'string' && !value.includes(':')) urls.push(value);
  }
  const aliases = frontMatter.aliases;
  if (Array.isArray(aliases))
    for (const a of aliases)
      if (typeof a === 'string') urls.push(a);
      else if (typeof aliases === 'string') urls.push(aliases);
  return urls.map(urlKey);
}
