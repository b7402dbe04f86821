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
  | { keep: true; relative: boolean; url: string }
  | { keep: false; scheme: string; allowed: readonly string[] };

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
 * Judge one URL, read as the browser reads it: spaces and control characters around it
 * dropped, tabs and line breaks inside it too (`java\tscript:`). The URL to keep is that
 * normalised one, so the sanitizer, which reads a scheme as whatever comes before the
 * first `:` that precedes any `/`, `?` or `#`, sees exactly what was judged here. A URL
 * with `//` and no scheme leads to another host. Relative URLs are kept here; where they
 * lead is checked by the link and image resolvers.
 */
export function judgeUrl(property: string, value: string): UrlVerdict {
  // eslint-disable-next-line no-control-regex -- exactly the characters browsers skip
  const url = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const colon = url.indexOf(':');
  const before = [url.indexOf('/'), url.indexOf('?'), url.indexOf('#')].filter((i) => i >= 0);
  if (colon < 0 || before.some((i) => i < colon)) {
    return { keep: true, relative: !/^[\\/]{2}/.test(url), url };
  }
  const scheme = url.slice(0, colon).toLowerCase();
  const allowed = allowedSchemes(property);
  return allowed.includes(scheme)
    ? { keep: true, relative: false, url }
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
