import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

/**
 * A table without header cells (an HTML table of `td` only, or a Markdown table whose
 * header row is left blank to hide it) cannot be read cell by cell: a screen reader says
 * "row 4, column 2" and never what the column is.
 */
export default function rehypeTableHeaders() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'table') return;
      const headers: Element[] = [];
      visit(node, 'element', (cell: Element) => {
        if (cell.tagName === 'th') headers.push(cell);
      });
      if (headers.some((th) => toString(th).trim() !== '')) return;
      addWarning(
        file,
        'Table without a header row: name each column in the first row (`| Year | Mission |`)',
        node.position,
        'table-header',
      );
    });
  };
}
