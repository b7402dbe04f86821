import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isInside, toPosix } from '../../load/paths.ts';
import { addError, addWarning } from '../../report/messages.ts';
import { assetOutputPath, resolveTarget } from './rehype-chapter-links.ts';

export interface LocalImageOptions {
  root: string;
}

const SCHEME = /^[a-z][a-z\d+.-]*:|^\/\//i;

/**
 * Images resolve relative to their chapter and are copied into the output. A missing image
 * is an error at its position; one outside the project folder is replaced by its alt text
 * with a warning, so a chapter cannot pull `/etc/passwd` or `~/.ssh` into the edition.
 */
export default function rehypeLocalImages(options: LocalImageOptions) {
  const realRoot = realpathSync(options.root);
  return (tree: Root, file: VFile) => {
    const chapterDir = path.posix.dirname(file.data.chapterPath ?? '');
    const assets = (file.data.assets ??= []);
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'img' || typeof node.properties.src !== 'string') return;
      const src = node.properties.src;
      if (SCHEME.test(src) || src === '') return;
      const target = resolveTarget(src.replace(/[?#].*$/, ''), chapterDir);
      const absolute = path.resolve(options.root, target);
      const inside = isInside(options.root, absolute);
      if (inside && !existsSync(absolute)) {
        addError(file, `No image \`${target}\``, node.position, 'missing-image');
        return;
      }
      if (!inside || !isInside(realRoot, realpathSync(absolute))) {
        addWarning(
          file,
          `Image \`${src}\` is outside the project folder and is left out`,
          node.position,
          'outside-project',
        );
        if (!parent || index === undefined) return;
        const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
        parent.children.splice(index, 1, { type: 'text', value: alt ? `[${alt}]` : '' });
        return [SKIP, index];
      }
      const relative = toPosix(path.relative(options.root, absolute));
      assets.push(relative);
      node.properties.src = assetOutputPath(relative);
      node.properties.loading = 'lazy';
      return;
    });
  };
}
