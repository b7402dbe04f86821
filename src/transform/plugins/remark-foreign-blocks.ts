import type { Code, Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

/** MDX's module lines: `import X from '…'`, `export const …`. */
const MDX =
  /^(?:import\s[\s\S]*?\sfrom\s+['"][^'"\n]+['"];?|import\s+['"][^'"\n]+['"];?|export\s+(?:const|let|var|function|default|\{)[\s\S]*)$/;
/** An MkDocs plugin's block (mkdocstrings, mkdocs-click): `::: identifier`. */
const PLUGIN_BLOCK = /^:::[ \t]+([\w.:-]+)[ \t]*(?:\n|$)/;

/**
 * Lines that belong to another tool's machinery, not to the text: MDX `import` and
 * `export` lines (Docusaurus) and the `::: identifier` blocks MkDocs plugins fill in
 * when they run (mkdocstrings, mkdocs-click), with their indented options. Each is
 * dropped with a warning: what they would have made cannot be made without running them.
 */
export default function remarkForeignBlocks() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    if (!/^\s*(?:import|export)\s|^:::[ \t]/m.test(source)) return;
    const plugins: string[] = [];
    let firstPlugin: Parent['position'];
    visit(tree, (node) => {
      if (!('children' in node)) return;
      const parent = node as Parent;
      for (let i = parent.children.length - 1; i >= 0; i--) {
        const child = parent.children[i]!;
        // `#### ::: identifier`: the heading stays, named by its identifier.
        if (child.type === 'heading' && child.children[0]?.type === 'text') {
          const named = PLUGIN_BLOCK.exec(child.children[0].value);
          if (named) {
            child.children[0] = { type: 'inlineCode', value: named[1]! };
            plugins.unshift(named[1]!);
          }
          continue;
        }
        if (child.type !== 'paragraph') continue;
        const text = toString(child);
        const plugin = PLUGIN_BLOCK.exec(text);
        if (plugin) {
          const next = parent.children[i + 1];
          const options = next?.type === 'code' && !(next as Code).lang ? 1 : 0;
          parent.children.splice(i, 1 + options);
          plugins.unshift(plugin[1]!);
          const line = child.position?.start.line ?? Infinity;
          if (line < (firstPlugin?.start.line ?? Infinity)) firstPlugin = child.position;
        } else if (parent.type === 'root' && MDX.test(text.trim())) {
          parent.children.splice(i, 1);
          addWarning(
            file,
            'An MDX `import` or `export` line is code, not text: it is left out',
            child.position,
            'unknown-directive',
          );
        }
      }
    });
    // One warning a chapter: an API reference page may hold dozens of these blocks.
    if (plugins.length > 0) {
      const more = plugins.length > 1 ? ` and ${plugins.length - 1} more like it` : '';
      addWarning(
        file,
        `\`::: ${plugins[0]}\`${more} ${plugins.length > 1 ? 'are' : 'is'} filled in by an MkDocs plugin (mkdocstrings), which is never run: ${plugins.length > 1 ? 'they are' : 'it is'} left out`,
        firstPlugin,
        'unknown-directive',
      );
    }
  };
}
