import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { safeDecode } from '../../load/paths.ts';
import { addWarning } from '../../report/messages.ts';
import type { ChapterTarget, LinkIndex } from '../link-index.ts';
import { resolveLink } from '../link-resolver.ts';
import { projectFile } from '../project-files.ts';
import { collectIds } from './collect-ids.ts';

export interface ChapterLinkOptions {
  /** Absolute project folder. */
  root: string;
  index: LinkIndex;
}

declare module 'vfile' {
  interface DataMap {
    /** Project-relative paths of files (images, attachments) the chapter needs in the output. */
    assets: string[];
    /** Links the chapter had to leave as text (for the summary). */
    linksAsText: number;
  }
}

/** Where a linked or embedded project file lands in the output. */
export function assetOutputPath(projectRelative: string): string {
  return `media/${projectRelative}`;
}

const SCHEME = /^[a-z][a-z\d+.-]*:|^\/\//i;

/**
 * Links between chapters, written however the tool the handbook came from wrote them
 * (`03-kosovo.md#mandate`, `../kosovo/`, `kosovo.html`, a permalink; see link-resolver),
 * become links between pages (`kosovo.html#mandate`), their anchors matched under the
 * other tools' slug rules too; links to other project files publish the file. What leads
 * nowhere in the handbook goes to the original site when its URL is known, else becomes
 * its own text with a warning: no dead link reaches either edition.
 */
export default function rehypeChapterLinks(options: ChapterLinkOptions) {
  const exists = (relative: string) => existsSync(path.join(options.root, relative));
  return (tree: Root, file: VFile) => {
    const from = file.data.chapterPath ?? '';
    const ownIds = collectIds(tree);
    const own = options.index.chapters[from];
    const assets = (file.data.assets ??= []);
    file.data.linksAsText ??= 0;
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const href = node.properties.href;
      if (SCHEME.test(href) || href === '') return;
      const [rawPath = '', rawHash] = splitHash(href);
      const hash = rawHash === undefined ? undefined : safeDecode(rawHash);
      const asText = (reason: string) => {
        addWarning(file, `${reason}; the link is left as text`, node.position, 'broken-link');
        file.data.linksAsText!++;
        if (!parent || index === undefined) return undefined;
        parent.children.splice(index, 1, ...(node.children as ElementContent[]));
        return [SKIP, index] as [typeof SKIP, number];
      };
      if (rawPath === '') {
        if (!hash || ownIds.has(hash) || hash === file.data.titleId) return;
        const alias = own?.aliases[hash];
        if (alias) {
          node.properties.href = `#${encodeURIComponent(alias)}`;
          return;
        }
        return asText(`No heading or anchor \`#${hash}\` in this chapter`);
      }
      const resolved = resolveLink(options.index, from, rawPath, exists);
      if (resolved.kind === 'chapter') {
        const target = options.index.chapters[resolved.path]!;
        const anchor = hash === undefined ? undefined : anchorIn(target, hash);
        if (hash !== undefined && anchor === undefined && hash !== '')
          return asText(`No heading or anchor \`#${hash}\` in \`${resolved.path}\``);
        node.properties.href = `${target.id}.html${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
        return;
      }
      if (resolved.kind === 'none') {
        const away = awayLink(options.index, from, rawPath, rawHash);
        if (away) {
          node.properties.href = away;
          return;
        }
        if (resolved.tried === '..' || resolved.tried.startsWith('../')) {
          addWarning(
            file,
            `Link to \`${rawPath}\` leaves the project folder; the link is removed, its text kept`,
            node.position,
            'outside-project',
          );
          if (!parent || index === undefined) return;
          parent.children.splice(index, 1, ...(node.children as ElementContent[]));
          return [SKIP, index];
        }
        const chapterLike =
          /\.(md|markdown|mdx)$/i.test(resolved.tried) || !path.posix.extname(resolved.tried);
        return asText(
          chapterLike ? `No chapter \`${resolved.tried}\`` : `No file \`${resolved.tried}\``,
        );
      }
      const found = projectFile(options.root, resolved.path);
      if (found.kind === 'missing' || found.kind === 'folder') {
        const away = awayLink(options.index, from, rawPath, rawHash);
        if (away) {
          node.properties.href = away;
          return;
        }
        return asText(
          found.kind === 'folder'
            ? `\`${resolved.path}\` is a folder with no page of its own`
            : `No file \`${resolved.path}\``,
        );
      }
      if (found.kind === 'refused') {
        addWarning(
          file,
          `Link to \`${rawPath}\` ${found.reason}; the link is removed, its text kept`,
          node.position,
          found.rule,
        );
        if (!parent || index === undefined) return;
        parent.children.splice(index, 1, ...(node.children as ElementContent[]));
        return [SKIP, index];
      }
      // A Markdown file that is no chapter (left out of the contents) is not a download.
      if (/\.(md|markdown|mdx)$/i.test(found.relative)) {
        const away = awayLink(options.index, from, rawPath, rawHash);
        if (away) {
          node.properties.href = away;
          return;
        }
        return asText(`\`${found.relative}\` is not a chapter of the handbook`);
      }
      if (found.svgRemoved?.length) {
        addWarning(
          file,
          `Removed from \`${found.relative}\`: ${found.svgRemoved.join(', ')} (an SVG may not run script or load anything)`,
          node.position,
          'unsafe-html',
        );
      }
      assets.push(found.relative);
      node.properties.href =
        assetOutputPath(found.relative) + (rawHash === undefined ? '' : `#${rawHash}`);
      return;
    });
  };
}

/** The id a `#fragment` names in a chapter, written as we write ids or as another tool does. */
function anchorIn(target: ChapterTarget, hash: string): string | undefined {
  if (target.anchors.includes(hash)) return hash;
  return target.aliases[hash] ?? target.aliases[hash.toLowerCase()];
}

/**
 * A link to a page the handbook does not have, on the original site, when the handbook
 * says where that is (`url`, `site_url`, `baseURL`): read from the page's own URL there,
 * as the site's reader would have followed it (a `.md` link meaning its page).
 */
function awayLink(
  index: LinkIndex,
  from: string,
  rawPath: string,
  rawHash: string | undefined,
): string | undefined {
  if (!index.siteUrl) return undefined;
  try {
    const site = new URL(index.siteUrl.replace(/\/?$/, '/'));
    const page = new URL(`${pageUrl(index, from)}`, site);
    const target = rawPath
      .replace(/\.(md|markdown|mdx)$/i, '/')
      .replace(/(^|\/)(index|README|_index)\/$/, '$1');
    // A site-root path already holds the site's own path (Jekyll's baseurl) or lacks it.
    const url = target.startsWith('/')
      ? new URL(target.startsWith(site.pathname) ? target : site.pathname + target.slice(1), site)
      : new URL(target, page);
    return url.href + (rawHash === undefined ? '' : `#${rawHash}`);
  } catch {
    return undefined;
  }
}

/** A chapter's URL on the original site, relative to it: `missions/kosovo/`. */
function pageUrl(index: LinkIndex, chapter: string): string {
  const inside =
    index.chaptersDir && chapter.startsWith(`${index.chaptersDir}/`)
      ? chapter.slice(index.chaptersDir.length + 1)
      : chapter;
  const page = inside.replace(/\.[^./]+$/, '').replace(/(^|\/)(index|README|readme|_index)$/, '$1');
  return page === '' || page.endsWith('/') ? page : `${page}/`;
}

function splitHash(href: string): [string, string?] {
  const at = href.indexOf('#');
  const withoutQuery = (s: string) => s.replace(/\?.*$/, '');
  return at < 0 ? [withoutQuery(href)] : [withoutQuery(href.slice(0, at)), href.slice(at + 1)];
}

/** A link path as a project-relative POSIX path; `/x.md` is relative to the project folder. */
export function resolveTarget(rawPath: string, chapterDir: string): string {
  const decoded = safeDecode(rawPath);
  return decoded.startsWith('/')
    ? path.posix.normalize(decoded.slice(1))
    : path.posix.join(chapterDir, decoded);
}
