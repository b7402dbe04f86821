import type { Root, Text } from 'mdast';
import type { LeafDirective, TextDirective } from 'mdast-util-directive';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/**
 * remark-directive reads `:name` in running text as a directive, so "Note:This" or a
 * Hugo/Jekyll `{{< … >}}` line could vanish. We define no inline or leaf directives, so
 * each one found is put back as the exact text the author wrote.
 */
export default function remarkPlainDirectives() {
  return (tree: Root, file: VFile) => {
    const source = String(file.data.markdown ?? file.value);
    // Without ":" before a letter there can be no directive: skip the walk.
    if (!/:[A-Za-z]/.test(source)) return;
    visit(tree, (node, index, parent) => {
      if (node.type !== 'textDirective' && node.type !== 'leafDirective') return;
      if (!parent || index === undefined) return;
      const directive = node as TextDirective | LeafDirective;
      const start = directive.position?.start.offset;
      const end = directive.position?.end.offset;
      if (start === undefined || end === undefined) return;
      const text: Text = {
        type: 'text',
        value: source.slice(start, end),
        position: directive.position!,
      };
      if (directive.type === 'leafDirective') {
        parent.children.splice(index, 1, {
          type: 'paragraph',
          children: [text],
          position: directive.position!,
        } as never);
      } else {
        parent.children.splice(index, 1, text as never);
      }
      return [SKIP, index + 1];
    });
  };
}
