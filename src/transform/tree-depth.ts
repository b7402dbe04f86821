import type { Node, Parent } from 'unist';

/**
 * The first node nested deeper than `limit`, found without recursion: the later steps
 * (plugins, serialisers, copying the tree) recurse once per level, so a tree that is too
 * deep must be caught before any of them sees it.
 */
export function nodeDeeperThan(tree: Node, limit: number): Node | undefined {
  const stack: [Node, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return node;
    const children = (node as Parent).children;
    if (children)
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, depth + 1]);
  }
  return undefined;
}
