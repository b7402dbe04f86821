import { urlAttributes } from 'html-url-attributes';

/**
 * The one place that decides which URLs a chapter keeps. The transform removes (and
 * reports) what this refuses, and the sanitizer's protocol lists are made from the same
 * lists, so what is reported as removed is removed and what is kept is kept.
 */

/** Schemes a reader may follow: web pages, mail, telephone. */
export const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'] as const;
/** Schemes a page may load from (images, sources, citations): the web only. */
export const RESOURCE_SCHEMES = ['http', 'https'] as const;

/**
 * Every attribute (hast property name) that holds a URL, with the elements it does so on
 * (null: all). html-url-attributes lists HTML's; SVG's and legacy ones are added.
 */
export const URL_PROPERTIES: Record<string, readonly string[] | null> = {
  ...urlAttributes,
  srcSet: ['img', 'source'],
  longDesc: ['img', 'frame', 'iframe'],
  background: null,
  codeBase: ['object', 'applet'],
  archive: ['object', 'applet'],
  classId: ['object'],
  profile: ['head'],
  lowSrc: ['img'],
  dynSrc: ['img'],
  useMap: ['img', 'input', 'object'],
  xLinkHref: null,
};

export type UrlVerdict =
  { keep: true; relative: boolean } | { keep: false; scheme: string; allowed: readonly string[] };

/** Whether `property` holds a URL on `tagName`. */
export function isUrlProperty(property: string, tagName: string): boolean {
  if (!Object.hasOwn(URL_PROPERTIES, property)) return false;
  const tags = URL_PROPERTIES[property];
  return tags === null || tags === undefined || tags.includes(tagName);
}

/** The schemes `property` may use: links may also write mail or call; the rest is the web. */
export function allowedSchemes(property: string): readonly string[] {
  return property === 'href' ? LINK_SCHEMES : RESOURCE_SCHEMES;
}

/**
 * Judge one URL. Browsers ignore ASCII whitespace and control characters inside a scheme
 * (`java\tscript:`), and a URL with no scheme but `//` is another host: both are read as
 * the browser would read them. Relative URLs are kept here; where they lead is checked by
 * the link and image resolvers.
 */
export function judgeUrl(property: string, value: string): UrlVerdict {
  // eslint-disable-next-line no-control-regex -- exactly the characters browsers skip
  const cleaned = value.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
  const allowed = allowedSchemes(property);
  if (scheme === undefined) {
    // `//host/x` (or `\\host`) leaves the handbook as surely as `https://host/x`.
    if (/^[\\/]{2}/.test(cleaned)) return { keep: true, relative: false };
    return { keep: true, relative: true };
  }
  return allowed.includes(scheme)
    ? { keep: true, relative: false }
    : { keep: false, scheme, allowed };
}

/** One image candidate of a `srcset`: its URL and what follows it (`2x`, `640w`). */
export interface SrcsetCandidate {
  url: string;
  descriptor: string;
}

/** `a.png 1x, b.png 2x` → its candidates (URLs may hold commas only when not followed by a space). */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  for (const part of value.split(/,(?=\s|$)|,\s*$/)) {
    const match = /^\s*(\S+)(?:\s+(.*?))?\s*$/.exec(part);
    if (match) candidates.push({ url: match[1]!.replace(/,$/, ''), descriptor: match[2] ?? '' });
  }
  return candidates;
}

export function formatSrcset(candidates: SrcsetCandidate[]): string {
  return candidates.map((c) => (c.descriptor ? `${c.url} ${c.descriptor}` : c.url)).join(', ');
}
