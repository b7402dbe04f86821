import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { formatSrcset, parseSrcset } from '../../guard/url-policy.ts';
import { addWarning } from '../../report/messages.ts';
import type { LinkIndex } from '../link-index.ts';
import { resolveLink } from '../link-resolver.ts';
import { projectFile } from '../project-files.ts';
import { assetOutputPath } from './rehype-chapter-links.ts';

export interface LocalImageOptions {
  root: string;
  index: LinkIndex;
}

const SCHEME = /^[a-z][a-z\d+.-]*:|^\/\//i;

/**
 * Images (`src`, and each candidate of a `srcset`, on `<img>` and `<picture><source>`)
 * resolve as links do (relative to their chapter, site-root paths from the chapters
 * folder or a static folder) and are published through the file guard. A missing image,
 * or one the guard refuses (outside the project, not a regular file, a dot-file), is a
 * warning and shows as its description in a frame, so a chapter cannot pull `/etc/passwd`
 * or `~/.ssh` into the edition and a reader sees what is missing. SVGs are published cleaned.
 */
export default function rehypeLocalImages(options: LocalImageOptions) {
  const exists = (relative: string) => existsSync(path.join(options.root, relative));
  return (tree: Root, file: VFile) => {
    const from = file.data.chapterPath ?? '';
    const assets = (file.data.assets ??= []);
    /** The output URL for a local image, or undefined when it cannot be published. */
    const publish = (node: Element, url: string): string | undefined => {
      const resolved = resolveLink(options.index, from, url.replace(/[?#].*$/, ''), exists);
      const target =
        resolved.kind === 'none'
          ? (resource(options.root, from, url) ?? resolved.tried)
          : resolved.path;
      const found = projectFile(options.root, target);
      if (found.kind === 'missing') {
        addWarning(
          file,
          `No image \`${target}\`; its description is shown instead`,
          node.position,
          'missing-image',
        );
        return undefined;
      }
      if (found.kind !== 'file') {
        const reason = found.kind === 'folder' ? 'is a folder' : found.reason;
        const rule = found.kind === 'folder' ? 'refused-file' : found.rule;
        addWarning(file, `Image \`${url}\` ${reason}; it is left out`, node.position, rule);
        return undefined;
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
      return assetOutputPath(found.relative);
    };
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'img' && node.tagName !== 'source') return;
      const { properties } = node;
      if (typeof properties.srcSet === 'string') {
        const kept = parseSrcset(properties.srcSet).flatMap((candidate) => {
          if (SCHEME.test(candidate.url)) return [candidate];
          const url = publish(node, candidate.url);
          return url ? [{ ...candidate, url }] : [];
        });
        if (kept.length > 0) properties.srcSet = formatSrcset(kept);
        else delete properties.srcSet;
      }
      const src = properties.src;
      if (typeof src !== 'string' || SCHEME.test(src) || src === '') return;
      const url = publish(node, src);
      if (url) {
        properties.src = url;
        properties.loading = 'lazy';
        return;
      }
      if (!parent || index === undefined) return;
      // In its place, the description in a frame: the reader sees that something is missing.
      const alt = typeof properties.alt === 'string' && properties.alt ? properties.alt : 'image';
      parent.children.splice(index, 1, {
        type: 'element',
        tagName: 'span',
        properties: { className: ['image-missing'] },
        children: [{ type: 'text', value: alt }],
      });
      return [SKIP, index];
    });
  };
}

/**
 * An image named as Hugo names a page's resources: by a part of its file name
 * (`sunset` for `featured-sunset.jpg` beside the page), as `.Resources.GetMatch "*sunset*"`
 * finds it. Only a bare name with no extension is looked up so.
 */
function resource(root: string, from: string, name: string): string | undefined {
  if (!/^[\w-]+$/.test(name)) return undefined;
  const dir = path.posix.dirname(from);
  try {
    const match = readdirSync(path.join(root, dir))
      .filter(
        (f) =>
          f.toLowerCase().includes(name.toLowerCase()) &&
          /\.(png|jpe?g|gif|webp|svg|avif)$/i.test(f),
      )
      .sort()[0];
    return match ? path.posix.join(dir, match) : undefined;
  } catch {
    return undefined;
  }
}
