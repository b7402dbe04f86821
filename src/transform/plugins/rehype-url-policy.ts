import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { formatSrcset, isUrlProperty, judgeUrl, parseSrcset } from '../../guard/url-policy.ts';
import { addWarning } from '../../report/messages.ts';
import { handbookSchema } from '../sanitize-schema.ts';

const KEPT_ELEMENTS = new Set(handbookSchema.tagNames);

/**
 * Apply the URL policy (guard/url-policy.ts) to every URL-bearing attribute of every
 * element the sanitizer keeps: a refused URL is removed here and reported at its element,
 * each `srcset` candidate on its own. Elements the sanitizer removes whole are reported
 * by rehype-report-unsafe instead.
 */
export default function rehypeUrlPolicy() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      if (!KEPT_ELEMENTS.has(node.tagName)) return;
      for (const [property, value] of Object.entries(node.properties)) {
        if (value === null || value === undefined || !isUrlProperty(property, node.tagName))
          continue;
        /** The URL as kept (normalised), or undefined when it is refused and reported. */
        const judge = (url: string): string | undefined => {
          const verdict = judgeUrl(property, url);
          if (verdict.keep) return verdict.url;
          addWarning(
            file,
            `Removed the URL \`${shorten(url)}\` from \`<${node.tagName}>\`: \`${verdict.scheme}:\` is not allowed here (only ${verdict.allowed.join(', ')} and relative links)`,
            node.position,
            'unsafe-html',
          );
          return undefined;
        };
        if (property === 'srcSet') {
          const written = Array.isArray(value) ? value.map(String).join(', ') : String(value);
          const candidates = parseSrcset(written).flatMap((c) => {
            const url = judge(c.url);
            return url === undefined ? [] : [{ ...c, url }];
          });
          if (candidates.length === 0) delete node.properties.srcSet;
          else node.properties.srcSet = formatSrcset(candidates);
          continue;
        }
        const urls = Array.isArray(value) ? value.map(String) : [String(value)];
        const kept = urls.flatMap((url) => judge(url) ?? []);
        if (kept.length === 0) delete node.properties[property];
        else node.properties[property] = Array.isArray(value) ? kept : kept[0]!;
      }
    });
  };
}

function shorten(url: string): string {
  return url.length > 60 ? `${url.slice(0, 57)}…` : url;
}
