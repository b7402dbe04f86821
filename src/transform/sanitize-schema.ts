import { defaultSchema, type Options as Schema } from 'rehype-sanitize';
import { LINK_SCHEMES, RESOURCE_SCHEMES } from '../guard/url-policy.ts';

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
export const handbookSchema: Schema_ & { tagNames: string[]; strip: string[] } = {
  ...base,
  // Heading ids stay as authors link to them (an id clobbers no property of `document`);
  // a `name` does (`<img name="getElementById">`), so every one is prefixed. Legacy
  // `<a name>` anchors became ids before this (rehype-named-anchors).
  clobber: ['name'],
  clobberPrefix: 'user-content-',
  // The URL policy's own lists (guard/url-policy.ts): the sanitizer keeps what it keeps.
  protocols: {
    href: [...LINK_SCHEMES],
    src: [...RESOURCE_SCHEMES],
    srcSet: [...RESOURCE_SCHEMES],
    cite: [...RESOURCE_SCHEMES],
    longDesc: [...RESOURCE_SCHEMES],
  },
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
      ['className', 'callout', /^callout-[a-z-]+$/, 'tab'],
      ['role', 'note'],
    ],
    // A collapsible callout (MkDocs `???`).
    details: [...(base.attributes.details ?? []), ['className', 'callout', /^callout-[a-z-]+$/]],
    summary: [...(base.attributes.summary ?? []), ['className', 'callout-title']],
    p: [['className', 'callout-title', 'tab-title']],
    span: [...(base.attributes.span ?? []), ['className', 'image-missing']],
    img: [...(base.attributes.img ?? []), 'srcSet'],
    abbr: ['title'],
    time: ['dateTime'],
    col: ['span'],
    colgroup: ['span'],
  },
};
