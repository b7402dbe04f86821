import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Chapter } from '../model/book.ts';
import { addError } from '../report/messages.ts';

/** Two elements of a chapter with the same id (raw HTML colliding with a heading, say). */
export function checkDuplicateIds(chapter: Chapter, file: VFile): void {
  if (!chapter.hast) return;
  const first = new Map<string, Element>();
  visit(chapter.hast, 'element', (node: Element) => {
    const id = node.properties.id;
    if (typeof id !== 'string') return;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, node);
      return;
    }
    const where = earlier.position
      ? ` (first at ${earlier.position.start.line}:${earlier.position.start.column})`
      : '';
    addError(
      file,
      `Duplicate id \`${id}\`${where}: links to it are ambiguous`,
      node.position,
      'duplicate-id',
    );
  });
}
