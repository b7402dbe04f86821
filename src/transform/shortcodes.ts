import { CALLOUT_KINDS } from './plugins/remark-callouts.ts';

/**
 * Hugo shortcodes (and GitBook's Liquid blocks, below) that stand on lines of their own
 * (`{{% alert title="Note" %}}` … `{{% /alert %}}`), read before the chapter is parsed:
 * callouts become our `:::` callouts, tabs titled sections, `highlight` a code fence,
 * `figure` an image with its caption; any other shortcode is taken away and its content
 * kept. Each is replaced
 * within its own characters (padded with spaces, line breaks kept), so every position in
 * the chapter stays where the author sees it. Code fences are left alone. Shortcodes
 * inside a line are read later, in the tree (remark-template-tags).
 */
export interface ShortcodeRewrite {
  body: string;
  /** Shortcodes taken away, with where the first of each name was. */
  dropped: { name: string; offset: number }[];
  /** How many were read as something of ours. */
  converted: number;
}

const TAG =
  /\{\{([<%])\s*(\/?)\s*([\w./-]+)((?:[^}"']|"[^"]*"|'[^']*'|\}(?!\}))*?)\s*(\/?)\s*[>%]\}\}/g;

/** Callout kinds by the names and colours other themes use. */
export const CALLOUT_NAMES: Record<string, string> = {
  alert: 'note',
  notice: 'note',
  callout: 'note',
  admonition: 'note',
  pageinfo: 'note',
  note: 'note',
  info: 'note',
  tip: 'tip',
  hint: 'tip',
  success: 'tip',
  important: 'important',
  warning: 'warning',
  caution: 'caution',
  danger: 'caution',
  error: 'caution',
  primary: 'note',
  secondary: 'note',
};
const CONTAINERS = new Set(['tabs', 'tabpane', 'tabbed', 'cardpane', 'blocks/section']);

/**
 * GitBook's blocks, written as Liquid tags on lines of their own: `{% hint style="info" %}`
 * … `{% endhint %}` a callout, `{% tabs %}` / `{% tab title="Linux" %}` titled sections,
 * `{% code title="x.py" %}` and `{% content-ref %}` only their content, `{% embed url %}`
 * the link. Other Liquid tags are read in the tree (remark-template-tags).
 */
const GITBOOK =
  /\{%-?\s*(end)?(hint|tabs|tab|code|content-ref|embed)\b((?:[^%"']|"[^"]*"|'[^']*'|%(?!\}))*?)\s*-?%\}/g;

export function rewriteShortcodes(body: string): ShortcodeRewrite {
  const result: ShortcodeRewrite = { body, dropped: [], converted: 0 };
  const hugo = body.includes('{{<') || body.includes('{{%');
  const gitbook = body.includes('{%');
  if (!hugo && !gitbook) return result;
  const fences = fencedRanges(body);
  const tags = (hugo ? [...body.matchAll(TAG)] : []).filter(
    (m) =>
      !inside(fences, m.index) &&
      !m[4]!.trim().startsWith('/*') &&
      alone(body, m.index, m[0].length),
  );
  let out = body;
  const replace = (at: number, length: number, text: string) => {
    const original = out.slice(at, at + length);
    if (text.length > original.replace(/\n/g, '').length) return false;
    // Keep the tag's own line breaks; fill the rest of it with spaces.
    const lines = original.split('\n');
    const filled = [
      text.padEnd(lines[0]!.length, ' '),
      ...lines.slice(1).map((l) => ' '.repeat(l.length)),
    ];
    if (filled[0]!.length > lines[0]!.length) return false;
    out = out.slice(0, at) + filled.join('\n') + out.slice(at + length);
    return true;
  };
  if (gitbook) {
    for (const tag of body.matchAll(GITBOOK)) {
      if (inside(fences, tag.index) || !alone(body, tag.index, tag[0].length)) continue;
      const [whole, end, name, args = ''] = tag;
      const converted = gitbookBlock(name!, end !== undefined, args);
      if (converted !== undefined && replace(tag.index, whole.length, converted))
        result.converted++;
    }
  }
  const seen = new Set<string>();
  for (const tag of tags) {
    const [whole, , closing, rawName = '', args = ''] = tag;
    const name = rawName.toLowerCase();
    const at = tag.index;
    const drop = () => {
      if (!seen.has(name)) {
        seen.add(name);
        result.dropped.push({ name: rawName, offset: at });
      }
      replace(at, whole.length, '');
    };
    const callout = CALLOUT_NAMES[name];
    if (callout) {
      if (closing) replace(at, whole.length, ':::');
      else {
        const kind = CALLOUT_NAMES[attribute(args, 'color') ?? positional(args) ?? ''] ?? callout;
        const title = attribute(args, 'title') ?? '';
        if (!replace(at, whole.length, `:::${kind}${title ? `[${escapeLabel(title)}]` : ''}`))
          drop();
      }
      result.converted++;
    } else if (name === 'tab') {
      const title =
        attribute(args, 'header') ??
        attribute(args, 'name') ??
        attribute(args, 'title') ??
        positional(args) ??
        '';
      if (!replace(at, whole.length, closing ? ':::' : `:::tab[${escapeLabel(title)}]`)) drop();
      result.converted++;
    } else if (CONTAINERS.has(name)) {
      replace(at, whole.length, '');
      result.converted++;
    } else if (name === 'highlight') {
      if (!replace(at, whole.length, closing ? '```' : `\`\`\`${positional(args) ?? ''}`)) drop();
      result.converted++;
    } else if ((name === 'figure' || name === 'imgproc') && closing) {
      // What stood between the tags (Docsy's caption) stays, below the image.
      replace(at, whole.length, '');
      result.converted++;
    } else if (name === 'figure' || name === 'imgproc') {
      const src = attribute(args, 'src') ?? positional(args) ?? '';
      const caption = attribute(args, 'caption') ?? attribute(args, 'title') ?? '';
      const alt = attribute(args, 'alt') ?? caption;
      const image = `![${escapeLabel(alt)}](${src}${caption ? ` "${caption.replace(/"/g, '\\"')}"` : ''})`;
      if (src && replace(at, whole.length, image)) result.converted++;
      else drop();
    } else {
      drop();
    }
  }
  result.body = out;
  return result;
}

/** What a GitBook block tag becomes in our syntax; undefined leaves it to the tree. */
function gitbookBlock(name: string, end: boolean, args: string): string | undefined {
  if (name === 'hint') {
    if (end) return ':::';
    return `:::${CALLOUT_KINDS[attribute(args, 'style') ?? ''] ?? 'note'}`;
  }
  if (name === 'tab') {
    if (end) return ':::';
    return `:::tab[${escapeLabel(attribute(args, 'title') ?? '')}]`;
  }
  if (name === 'tabs' || name === 'code' || name === 'content-ref') return '';
  if (name === 'embed' && !end) {
    const url = attribute(args, 'url') ?? positional(args);
    if (!url || !/^https?:\/\/[^\s<>()]+$/.test(url)) return undefined;
    const caption = attribute(args, 'caption');
    return caption ? `[${escapeLabel(caption)}](${url})` : `<${url}>`;
  }
  return undefined;
}

/** Offsets [start, end) of fenced code blocks (``` or ~~~), which shortcodes never enter. */
export function fencedRanges(body: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open: { start: number; fence: string } | undefined;
  let offset = 0;
  for (const line of body.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (!open) open = { start: offset, fence };
      else if (
        fence[0] === open.fence[0] &&
        fence.length >= open.fence.length &&
        line.trim() === fence
      ) {
        ranges.push([open.start, offset + line.length]);
        open = undefined;
      }
    }
    offset += line.length + 1;
  }
  if (open) ranges.push([open.start, body.length]);
  return ranges;
}

export function inside(ranges: [number, number][], at: number): boolean {
  return ranges.some(([start, end]) => at >= start && at < end);
}

/** Whether a tag stands alone: nothing but spaces before it on its line and after it on its last. */
function alone(body: string, at: number, length: number): boolean {
  const lineStart = body.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = body.indexOf('\n', at + length);
  return (
    body.slice(lineStart, at).trim() === '' &&
    body.slice(at + length, lineEnd < 0 ? body.length : lineEnd).trim() === ''
  );
}

export function attribute(args: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"']+))`).exec(
    args,
  );
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

export function positional(args: string): string | undefined {
  const match = /^\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=]+))(?=\s|$)/.exec(args);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function escapeLabel(text: string): string {
  return text.replace(/[[\]\\]/g, '\\$&').replace(/\n/g, ' ');
}
