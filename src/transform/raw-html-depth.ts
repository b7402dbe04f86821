import type { Html, Root } from 'mdast';
import { parseFragment } from 'parse5';
import { visit } from 'unist-util-visit';

interface Parse5Node {
  childNodes?: Parse5Node[];
  content?: Parse5Node;
  sourceCodeLocation?: { startOffset: number } | null;
}

/**
 * The offset in the chapter of the first HTML element nested deeper than `limit`, as the
 * HTML parser itself nests it: the raw HTML of a chapter is parsed (parse5 builds its tree
 * without recursion) and measured, so quotes, comments and `<` inside attributes count
 * exactly as they will when the chapter is rendered.
 */
export function rawHtmlDeeperThan(tree: Root, limit: number): number | undefined {
  const segments: { at: number; start: number }[] = [];
  let html = '';
  visit(tree, 'html', (node: Html) => {
    segments.push({ at: html.length, start: node.position?.start.offset ?? 0 });
    html += node.value;
  });
  if (html === '') return undefined;
  const fragment = parseFragment(html, { sourceCodeLocationInfo: true }) as Parse5Node;
  const stack: [Parse5Node, number][] = [[fragment, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return fileOffset(segments, node.sourceCodeLocation?.startOffset ?? 0);
    const children = node.content?.childNodes ?? node.childNodes ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, depth + 1]);
  }
  return undefined;
}

function fileOffset(segments: { at: number; start: number }[], offset: number): number {
  let segment = segments[0]!;
  for (const s of segments) if (s.at <= offset) segment = s;
  return segment.start + (offset - segment.at);
}
