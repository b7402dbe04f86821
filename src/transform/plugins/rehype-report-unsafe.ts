import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

/** Elements sanitising removes because they run code, load other documents or restyle the page. */
const REFUSED_ELEMENTS: Record<string, string> = {
  script: 'a script',
  style: 'a stylesheet',
  link: 'a linked resource',
  iframe: 'an embedded page',
  frame: 'an embedded page',
  object: 'an embedded object',
  embed: 'an embedded object',
  applet: 'an applet',
  base: 'a base URL',
  meta: 'a meta element',
  form: 'a form',
  svg: 'inline SVG (use an image file instead)',
  video: 'a video (link to it instead)',
  audio: 'an audio clip (link to it instead)',
  canvas: 'a canvas',
  math: 'inline MathML',
};

const URL_PROPERTIES = [
  'href',
  'src',
  'srcSet',
  'action',
  'formAction',
  'poster',
  'data',
  'cite',
  'longDesc',
];
const SAFE_SCHEME = /^(https?|mailto|tel):/i;

/**
 * Say what sanitising is about to drop, at its position, before it drops it: scripts,
 * frames, stylesheets, event handlers, `style` attributes and URLs with a scheme other
 * than http, https, mailto or tel (`javascript:`, `file:`, `data:` …). Nothing is removed
 * here; rehype-sanitize does that next.
 */
export default function rehypeReportUnsafe() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      const refused = REFUSED_ELEMENTS[node.tagName];
      if (refused) {
        warn(
          file,
          node,
          `Removed ${refused} (\`<${node.tagName}>\`): chapters cannot run code or load other resources`,
        );
        return 'skip';
      }
      for (const [key, value] of Object.entries(node.properties)) {
        if (/^on[A-Z]/.test(key)) {
          warn(
            file,
            node,
            `Removed the event handler \`${key.toLowerCase()}\` on \`<${node.tagName}>\``,
          );
        } else if (key === 'style') {
          warn(
            file,
            node,
            `Removed a \`style\` attribute on \`<${node.tagName}>\`: the theme styles the handbook`,
          );
        } else if (URL_PROPERTIES.includes(key) && typeof value === 'string' && refusedUrl(value)) {
          warn(
            file,
            node,
            `Removed the URL \`${shorten(value)}\` on \`<${node.tagName}>\`: only http, https, mailto and relative links are kept`,
          );
        }
      }
      return undefined;
    });
  };
}

function refusedUrl(value: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex -- control characters are exactly what to drop
  const cleaned = value.replace(/[\u0000-\u0020]/g, '');
  return /^[a-z][a-z\d+.-]*:/i.test(cleaned) && !SAFE_SCHEME.test(cleaned);
}

function warn(file: VFile, node: Element, reason: string): void {
  addWarning(file, reason, node.position, 'unsafe-html');
}

function shorten(url: string): string {
  return url.length > 60 ? `${url.slice(0, 57)}…` : url;
}
