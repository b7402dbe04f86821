import { defaultSchema, type Options as Schema } from 'rehype-sanitize';

type Schema_ = NonNullable<Schema>;
const base = defaultSchema as Schema_ & {
  attributes: NonNullable<Schema_['attributes']>;
  tagNames: string[];
  strip: string[];
};

/**
 * GitHub's sanitising rules plus what a handbook needs: our callouts, figures and
 * abbreviations. No scripts, event handlers, styles, `javascript:` URLs, frames, objects or
 * embeds survive; the content of `<script>` and `<style>` is dropped, not shown as text.
 */
export const handbookSchema: NonNullable<Schema> = {
  ...base,
  // remark-rehype already prefixes footnote ids; heading ids must stay as authors link to them.
  clobber: [],
  tagNames: [
    ...base.tagNames,
    'aside',
    'figure',
    'figcaption',
    'abbr',
    'mark',
    'small',
    'caption',
    'cite',
    'dfn',
    'time',
    'u',
    'colgroup',
    'col',
  ],
  strip: [
    ...base.strip,
    'style',
    'iframe',
    'object',
    'embed',
    'template',
    'noscript',
    'title',
    'textarea',
    'select',
    'svg',
    'math',
  ],
  attributes: {
    ...base.attributes,
    div: [
      ...(base.attributes.div ?? []),
      ['className', 'callout', /^callout-[a-z-]+$/],
      ['role', 'note'],
    ],
    p: [['className', 'callout-title']],
    abbr: ['title'],
    time: ['dateTime'],
    col: ['span'],
    colgroup: ['span'],
  },
};
