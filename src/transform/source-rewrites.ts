import { fencedRanges, inside } from './shortcodes.ts';

/**
 * Template syntax that other tools expand before Markdown is read, where Markdown cannot
 * see it: a link through Hugo's `{{< ref "x.md" >}}` or Jekyll's `{% link x.md %}` or
 * `{{ site.baseurl }}` has spaces in its destination, so it is no link at all. Each is
 * replaced by what it stands for, padded with spaces to the same length, so every line
 * and column of the chapter stays where the author sees it (Markdown allows spaces
 * around a link's destination).
 */
export interface Rewritten {
  body: string;
  /** How many template links and variables were read. */
  count: number;
}

const QUOTED = String.raw`(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'}%>]+))`;

const REWRITES: { pattern: RegExp; value: (match: RegExpExecArray) => string }[] = [
  // Hugo: {{< ref "x.md" >}}, {{% relref "x" %}}, with or without a `path=`.
  {
    pattern: new RegExp(String.raw`\{\{[<%]\s*(?:rel)?ref\s+(?:path=)?${QUOTED}\s*[>%]\}\}`, 'g'),
    value: (m) => m[1] ?? m[2] ?? m[3] ?? '',
  },
  // Jekyll: {% link x.md %}, {% post_url 2020-01-01-x %}, with the site's base prefix.
  {
    pattern: new RegExp(
      String.raw`\{\{\s*site\.baseurl\s*\}\}\{%\s*(?:link|post_url)\s+${QUOTED}\s*%\}`,
      'g',
    ),
    value: (m) => m[1] ?? m[2] ?? m[3] ?? '',
  },
  {
    pattern: new RegExp(String.raw`\{%\s*link\s+${QUOTED}\s*%\}`, 'g'),
    value: (m) => m[1] ?? m[2] ?? m[3] ?? '',
  },
  {
    pattern: new RegExp(String.raw`\{%\s*post_url\s+${QUOTED}\s*%\}`, 'g'),
    value: (m) => `_posts/${m[1] ?? m[2] ?? m[3] ?? ''}.md`,
  },
  // Jekyll: {{ site.baseurl }}/x, {{ site.url }}{{ site.baseurl }}/x, {{ "/x" | relative_url }}.
  {
    pattern: new RegExp(
      String.raw`\{\{\s*${QUOTED}\s*\|\s*(?:relative_url|absolute_url)\s*\}\}`,
      'g',
    ),
    value: (m) => m[1] ?? m[2] ?? m[3] ?? '',
  },
  { pattern: /\{\{\s*site\.url\s*\}\}\s*\{\{\s*site\.baseurl\s*\}\}/g, value: () => '' },
  { pattern: /\{\{\s*site\.(?:baseurl|url)\s*\}\}/g, value: () => '' },
];

/** The chapter's Markdown with other tools' link templates read, lines and columns kept. */
export function rewriteTemplateLinks(body: string): Rewritten {
  if (!body.includes('{{') && !body.includes('{%')) return { body, count: 0 };
  let count = 0;
  let out = body;
  for (const { pattern, value } of REWRITES) {
    out = out.replace(pattern, (...args) => {
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      const whole = match[0];
      // A value with a line break would move what follows; such a tag is left alone.
      if (whole.includes('\n')) return whole;
      count++;
      const replacement = value(match);
      return replacement.length <= whole.length ? replacement.padEnd(whole.length, ' ') : whole;
    });
  }
  return { body: out, count };
}

/** Docusaurus 2's admonition with its title after the name: `:::tip Before you start`. */
const TITLED_FENCE = /^([ \t]*:{3,})([A-Za-z][\w-]*)[ \t]+([^[\]{}\n]*[^\s[\]{}])[ \t]*$/gm;

/**
 * `:::tip Before you start` (Docusaurus 2) written as the directive syntax we read,
 * `:::tip[Before you start]`: the title stays at its column, only a `]` is added after it.
 * Code fences are left as they are.
 */
export function rewriteAdmonitionTitles(body: string): Rewritten {
  if (!body.includes(':::')) return { body, count: 0 };
  const fences = fencedRanges(body);
  let count = 0;
  const out = body.replace(
    TITLED_FENCE,
    (line: string, open: string, name: string, title: string, at: number) => {
      if (inside(fences, at)) return line;
      count++;
      return `${open}${name}[${title}]`;
    },
  );
  return { body: out, count };
}
