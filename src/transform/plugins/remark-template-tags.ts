// hName / hProperties on mdast data come from mdast-util-to-hast's type augmentation.
import type {} from 'mdast-util-to-hast';
import type { Blockquote, Paragraph, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';
import { attribute, CALLOUT_NAMES, positional } from '../shortcodes.ts';
import { CALLOUTS, calloutData, calloutTitle } from './remark-callouts.ts';

declare module 'vfile' {
  interface DataMap {
    /** Values Hugo's `param` shortcode reads: the site's params, then the page's. */
    params: Record<string, string>;
    /** Shortcodes read or taken away (for the summary). */
    shortcodes: number;
  }
}

/** Hugo's escaped form (a comment inside the braces) first, then a shortcode. */
const INLINE =
  /\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}|\{\{([<%])\s*(\/?)\s*([\w./-]+)((?:[^}"']|"[^"]*"|'[^']*'|\}(?!\}))*?)\s*\/?\s*[>%]\}\}/g;

/** A Liquid tag (`{% include note.html %}`) or a template variable (`{{ page.title }}`). */
const LIQUID = /\{%-?\s*(\w+)[^%\n]*?-?%\}|\{\{-?\s*([\w.-]+)(?:\s*\|[^}\n]*)?\s*-?\}\}/g;

/**
 * Template tags other tools fill in when they build, found in running text. Hugo
 * shortcodes (those on lines of their own were read before parsing, see shortcodes.ts):
 * `param` gives the site's or the page's value, `ref` and `relref` the path they name, a
 * callout around a paragraph makes it a callout; any other is taken away. A shortcode in
 * Hugo's escaped form (its name wrapped in a comment) shows as written, in code too.
 * Liquid tags (`{% include x %}`, Jekyll) and template variables (`{{ page.title }}`,
 * mdBook preprocessors') are taken away. One warning per name and chapter; code is
 * never touched.
 */
export default function remarkTemplateTags() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    if (!source.includes('{{') && !source.includes('{%')) return;
    const warned = new Set<string>();
    file.data.shortcodes ??= 0;
    visit(tree, 'paragraph', (paragraph: Paragraph, index, parent) => {
      const callout = inlineCallout(paragraph);
      if (!callout || !parent || index === undefined) return;
      file.data.shortcodes!++;
      parent.children[index] = callout;
    });
    visit(tree, (node) => {
      if (node.type === 'code' || node.type === 'inlineCode') {
        node.value = node.value.replace(/\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/g, '{{$1$2$3}}');
        return;
      }
      // Raw HTML holds them too (`<div>Version: {{ mdbook-version }}</div>`).
      if (
        (node.type !== 'text' && node.type !== 'html') ||
        (!node.value.includes('{{') && !node.value.includes('{%'))
      )
        return;
      node.value = node.value.replace(
        INLINE,
        (
          _whole,
          eOpen?: string,
          eBody?: string,
          eClose?: string,
          _k?: string,
          closing?: string,
          name?: string,
          args?: string,
        ) => {
          if (eOpen) return `{{${eOpen}${eBody}${eClose}}}`;
          file.data.shortcodes!++;
          const lower = name!.toLowerCase();
          if (lower === 'param' && !closing)
            return file.data.params?.[positional(args!) ?? ''] ?? '';
          if ((lower === 'ref' || lower === 'relref') && !closing) return positional(args!) ?? '';
          if (!warned.has(lower)) {
            warned.add(lower);
            addWarning(
              file,
              `Hugo shortcode \`${name}\` is not one Handbook Press knows: it is taken away, its content kept`,
              node.position,
              'unknown-directive',
            );
          }
          return '';
        },
      );
      node.value = node.value.replace(LIQUID, (_whole, tag?: string, variable?: string) => {
        file.data.shortcodes!++;
        const name = tag ? `{% ${tag} %}` : `{{ ${variable} }}`;
        // `raw` only keeps Liquid from reading what it holds: nothing to say about it.
        if (tag === 'raw' || tag === 'endraw') return '';
        if (!warned.has(name)) {
          warned.add(name);
          addWarning(
            file,
            `\`${name}\` is filled in by the tool the handbook was written for, which is never run: it is taken away`,
            node.position,
            'unknown-directive',
          );
        }
        return '';
      });
    });
    // A paragraph that held nothing but template tags goes with them.
    visit(tree, 'paragraph', (paragraph: Paragraph, index, parent) => {
      const empty = paragraph.children.every((c) => c.type === 'text' && c.value.trim() === '');
      if (!empty || !parent || index === undefined) return undefined;
      parent.children.splice(index, 1);
      return index;
    });
  };
}

/**
 * A paragraph wholly inside a callout shortcode written on its own lines with the text
 * (`{{% alert title="Note" %}} Text. {{% /alert %}}`): the callout, holding the text.
 */
function inlineCallout(paragraph: Paragraph): Blockquote | undefined {
  const first = paragraph.children[0];
  const last = paragraph.children[paragraph.children.length - 1];
  if (first?.type !== 'text' || last?.type !== 'text') return undefined;
  const open = /^\{\{[<%]\s*([\w-]+)((?:[^}"']|"[^"]*"|'[^']*')*?)\s*[>%]\}\}\s*/.exec(first.value);
  const name = open?.[1]?.toLowerCase();
  const kind = name ? CALLOUT_NAMES[name] : undefined;
  if (!open || !kind) return undefined;
  const close = new RegExp(`\\s*\\{\\{[<%]\\s*/\\s*${open[1]}\\s*[>%]\\}\\}\\s*$`).exec(last.value);
  if (!close) return undefined;
  last.value = last.value.slice(0, close.index);
  first.value = first.value.slice(open[0].length);
  const args = open[2] ?? '';
  const shown = CALLOUT_NAMES[attribute(args, 'color') ?? positional(args) ?? ''] ?? kind;
  const title = calloutTitle(attribute(args, 'title') ?? CALLOUTS[shown] ?? 'Note');
  return {
    type: 'blockquote',
    children: [title, paragraph],
    data: calloutData(shown),
    ...(paragraph.position ? { position: paragraph.position } : {}),
  };
}
