import * as csstree from '../../guard/css-tree.ts';

/**
 * A drawing's stylesheet kept only where it reaches its own drawing: every rule whose
 * selectors all start at `#id` (Mermaid scopes its styles so), nothing else — no at-rule,
 * no `url()`. The styles leave the SVG for a stylesheet of the build (the print
 * document applies no style element but its own), so a rule that could reach a marking,
 * a running header or another chapter must never get there, whatever the diagram said.
 */
export function scopedCss(css: string, id: string): string {
  let ast: csstree.CssNode;
  try {
    ast = csstree.parse(css, { context: 'stylesheet' });
  } catch {
    return '';
  }
  if (ast.type !== 'StyleSheet') return '';
  const kept: string[] = [];
  ast.children.forEach((node) => {
    if (node.type !== 'Rule' || node.prelude.type !== 'SelectorList') return;
    const selectors = node.prelude.children.toArray();
    const scoped = selectors.every((selector) => {
      if (selector.type !== 'Selector') return false;
      const first = selector.children.first;
      return first?.type === 'IdSelector' && first.name === id;
    });
    let external = false;
    csstree.walk(node.block, (inner) => {
      if (inner.type === 'Url' || (inner.type === 'Function' && inner.name === 'image-set'))
        external = true;
    });
    withoutFilters(node.block);
    if (scoped && !external && !node.block.children.isEmpty) kept.push(csstree.generate(node));
  });
  return kept.join('\n');
}

/**
 * A CSS filter makes Chromium print the group it is on as a picture: its text is no
 * longer text in the PDF (Mermaid's timeline lightens its events with `brightness(120%)`,
 * and their labels could not be selected or read). Diagrams keep their colours without.
 */
const FILTERS = new Set(['filter', '-webkit-filter', 'backdrop-filter']);

function withoutFilters(block: csstree.Block): void {
  block.children.forEach((declaration, item, list) => {
    if (declaration.type === 'Declaration' && FILTERS.has(declaration.property.toLowerCase()))
      list.remove(item);
  });
}

/** A `style` attribute's declarations, without any that reach out (`url()`), or '' if unreadable. */
export function cleanDeclarations(style: string): string {
  let ast: csstree.CssNode;
  try {
    ast = csstree.parse(style, { context: 'declarationList' });
  } catch {
    return '';
  }
  if (ast.type !== 'DeclarationList') return '';
  const kept: string[] = [];
  ast.children.forEach((node) => {
    if (node.type !== 'Declaration') return;
    let external = false;
    csstree.walk(node, (inner) => {
      if (inner.type === 'Url' || inner.type === 'Raw') external = true;
    });
    if (!external && !FILTERS.has(node.property.toLowerCase())) kept.push(csstree.generate(node));
  });
  return kept.join(';');
}
