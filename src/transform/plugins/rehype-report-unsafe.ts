import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';
import { handbookSchema } from '../sanitize-schema.ts';

/** Why an element is refused, in the reader's words (the schema decides that it is). */
const WHY: Record<string, string> = {
  script: 'a script',
  style: 'a stylesheet',
  link: 'a linked resource',
  iframe: 'an embedded page',
  frame: 'an embedded page',
  frameset: 'a frame set',
  object: 'an embedded object',
  embed: 'an embedded object',
  applet: 'an applet',
  portal: 'an embedded page',
  base: 'a base URL',
  meta: 'a meta element',
  form: 'a form',
  svg: 'inline SVG (use an image file instead)',
  video: 'a video (link to it instead)',
  audio: 'an audio clip (link to it instead)',
  canvas: 'a canvas',
  math: 'inline MathML',
  template: 'a template',
  noscript: 'a noscript block',
  textarea: 'a text field',
  select: 'a selection field',
  button: 'a button',
  dialog: 'a dialog',
};

const KEPT = new Set(handbookSchema.tagNames);
const STRIPPED = new Set(handbookSchema.strip);

/**
 * Say what sanitising is about to drop, at its position, before it drops it: every
 * element the schema does not keep that could run code, load something or restyle the
 * page (its content kept as text or, for scripts and styles, dropped), event handlers
 * and `style` attributes. URLs are judged by rehype-url-policy. Nothing is removed here;
 * rehype-sanitize does that next, from the same schema.
 */
export default function rehypeReportUnsafe() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      if (!KEPT.has(node.tagName)) {
        const why = WHY[node.tagName];
        // Unknown presentational tags (`<font>`, `<center>`) lose nothing but their tag.
        if (why || STRIPPED.has(node.tagName)) {
          warn(
            file,
            node,
            `Removed ${why ?? `\`<${node.tagName}>\``} (\`<${node.tagName}>\`): chapters cannot run code or load other resources`,
          );
          return 'skip';
        }
      }
      for (const key of Object.keys(node.properties)) {
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
        }
      }
      return undefined;
    });
  };
}

function warn(file: VFile, node: Element, reason: string): void {
  addWarning(file, reason, node.position, 'unsafe-html');
}
