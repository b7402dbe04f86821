import path from 'node:path';
import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { safeDecode } from '../../load/paths.ts';
import { addError, addWarning } from '../../report/messages.ts';
import type { LinkIndex } from '../link-index.ts';
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
  }
}

/** Where a linked or embedded project file lands in the output. */
export function assetOutputPath(projectRelative: string): string {
  return `media/${projectRelative}`;
}

const SCHEME = /^[a-z][a-z\d+.-]*:|^\/\//i;

/**
 * Links between chapters (`03-kosovo.md#mandate`) become links between pages
 * (`kosovo.html#mandate`); links to other project files copy the file into the output.
 * A link to a missing chapter, anchor or file is an error at its position; a link that leaves
 * the project folder is dropped (its text kept) with a warning.
 */
export default function rehypeChapterLinks(options: ChapterLinkOptions) {
  return (tree: Root, file: VFile) => {
    const chapterDir = path.posix.dirname(file.data.chapterPath ?? '');
    const ownIds = collectIds(tree);
    const assets = (file.data.assets ??= []);
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const href = node.properties.href;
      if (SCHEME.test(href) || href === '') return;
      const [rawPath = '', rawHash] = splitHash(href);
      const hash = rawHash === undefined ? undefined : safeDecode(rawHash);
      if (rawPath === '') {
        if (hash && !ownIds.has(hash) && hash !== file.data.titleId)
          addError(
            file,
            `No heading or anchor \`#${hash}\` in this chapter`,
            node.position,
            'broken-link',
          );
        return;
      }
      const target = resolveTarget(rawPath, chapterDir);
      const chapter = options.index[target];
      if (chapter) {
        if (hash && !chapter.anchors.includes(hash)) {
          addError(
            file,
            `No heading or anchor \`#${hash}\` in \`${target}\``,
            node.position,
            'broken-link',
          );
        }
        node.properties.href = `${chapter.id}.html${hash ? `#${encodeURIComponent(hash)}` : ''}`;
        return;
      }
      const found = projectFile(options.root, target);
      if (found.kind === 'missing') {
        const chapterLike = /\.(md|markdown)$/i.test(target);
        addError(
          file,
          chapterLike ? `No chapter \`${target}\`` : `No file \`${target}\``,
          node.position,
          'broken-link',
        );
        return;
      }
      if (found.kind === 'folder') return;
      if (found.kind === 'refused') {
        addWarning(
          file,
          `Link to \`${rawPath}\` ${found.reason}; the link is removed, its text kept`,
          node.position,
          found.rule,
        );
        if (!parent || index === undefined) return;
        parent.children.splice(index, 1, ...node.children);
        return [SKIP, index];
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
