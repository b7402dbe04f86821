import path from 'node:path';
import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { formatSrcset, parseSrcset } from '../../guard/url-policy.ts';
import { addError, addWarning } from '../../report/messages.ts';
import { projectFile } from '../project-files.ts';
import { assetOutputPath, resolveTarget } from './rehype-chapter-links.ts';

export interface LocalImageOptions {
  root: string;
}

const SCHEME = /^[a-z][a-z\d+.-]*:|^\/\//i;

/**
 * Images (`src`, and each candidate of a `srcset`, on `<img>` and `<picture><source>`)
 * resolve relative to their chapter and are published through the file guard. A missing
 * image is an error at its position; one the guard refuses (outside the project, not a
 * regular file, a dot-file) is replaced by its alt text with a warning, so a chapter
 * cannot pull `/etc/passwd` or `~/.ssh` into the edition. An SVG is published cleaned.
 */
export default function rehypeLocalImages(options: LocalImageOptions) {
  return (tree: Root, file: VFile) => {
    const chapterDir = path.posix.dirname(file.data.chapterPath ?? '');
    const assets = (file.data.assets ??= []);
    /** The output URL for a local image, or undefined when it cannot be published. */
    const publish = (node: Element, url: string): string | undefined => {
      const target = resolveTarget(url.replace(/[?#].*$/, ''), chapterDir);
      const found = projectFile(options.root, target);
      if (found.kind === 'missing') {
        addError(file, `No image \`${target}\``, node.position, 'missing-image');
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
      const alt = typeof properties.alt === 'string' ? properties.alt : '';
      parent.children.splice(index, 1, { type: 'text', value: alt ? `[${alt}]` : '' });
      return [SKIP, index];
    });
  };
}
