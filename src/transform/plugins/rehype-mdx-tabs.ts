import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/**
 * Docusaurus' tabs, written as MDX components in the Markdown (`<Tabs>` holding
 * `<TabItem value="linux" label="Linux">`), read as the raw HTML they look like: the
 * sanitiser would drop the unknown elements and keep their text, losing which tab says
 * what. Each tab becomes a titled section, as Hugo's tabs do; the set, a plain block.
 */
export default function rehypeMdxTabs() {
  return (tree: Root, file: VFile) => {
    // Only raw HTML holds them (rehype-raw-when-present knows whether there is any).
    if (file.data.rawHtml === false) return;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'tabs') {
        node.tagName = 'div';
        node.properties = {};
        return;
      }
      if (node.tagName !== 'tabitem') return;
      const { label, value } = node.properties;
      const title =
        typeof label === 'string' && label ? label : typeof value === 'string' ? value : '';
      node.tagName = 'div';
      node.properties = { className: ['tab'] };
      if (title)
        node.children.unshift({
          type: 'element',
          tagName: 'p',
          properties: { className: ['tab-title'] },
          children: [{ type: 'text', value: title }],
        });
    });
  };
}
