import { createRequire } from 'node:module';
import * as csstree from './css-tree.ts';
import type { DOMPurify as Purifier } from 'dompurify';

/**
 * SVG files a handbook publishes (images, linked drawings), cleaned by DOMPurify: opened
 * on their own, from the HTML edition or the dev server, an SVG is a document that can
 * run script and load from anywhere. Scripts, event handlers, foreign objects and
 * animations that rewrite attributes are removed by DOMPurify's SVG profile; external
 * references (an `href` or `url()` that is not `#fragment` or an embedded raster image,
 * `@import`) by the hooks below. What was removed is returned, for a warning.
 */
export interface CleanSvg {
  svg: string;
  /** What was removed, in words (`<script>`, the `onload` attribute of `<svg>` …). */
  removed: string[];
}

const require = createRequire(import.meta.url);
let purifier: { purify: Purifier; serialize: (node: Node) => string } | undefined;

/** jsdom and DOMPurify load in about 0.7 s: only for a handbook that has an SVG. */
function load() {
  if (!purifier) {
    const { JSDOM } = require('jsdom') as typeof import('jsdom');
    const createPurify = require('dompurify') as (w: unknown) => Purifier;
    const { window } = new JSDOM('');
    const purify = createPurify(window);
    const serializer = new window.XMLSerializer();
    purify.addHook('uponSanitizeAttribute', (node, data) => {
      const element = node as Element;
      const name = data.attrName.toLowerCase();
      if (name === 'href' || name === 'xlink:href') {
        data.keepAttr = internalReference(element.localName, data.attrValue);
      } else if (name === 'style') {
        const cleaned = cleanCss(data.attrValue, 'declarationList');
        if (cleaned.removed.length === 0) return;
        noted.push(...cleaned.removed);
        data.attrValue = cleaned.css;
      } else if (/url\s*\(/i.test(data.attrValue)) {
        // fill="url(#gradient)" is the drawing's own; url(http://…) would be loaded.
        data.keepAttr = cleanCss(`x:${data.attrValue}`, 'declarationList').removed.length === 0;
      }
    });
    purify.addHook('uponSanitizeElement', (node, data) => {
      if (data.tagName !== 'style' || !node.textContent) return;
      const cleaned = cleanCss(node.textContent, 'stylesheet');
      if (cleaned.removed.length === 0) return;
      noted.push(...cleaned.removed);
      node.textContent = cleaned.css;
    });
    purifier = { purify, serialize: (n) => serializer.serializeToString(n) };
  }
  return purifier;
}

/** What the CSS hooks removed during the current `cleanSvg` call. */
let noted: string[] = [];

/** Clean one SVG document's text. */
export function cleanSvg(text: string): CleanSvg {
  const { purify, serialize } = load();
  noted = [];
  // Parsed as HTML, as a browser parses inline SVG: names keep their case (viewBox,
  // linearGradient) and DOMPurify's lists apply. The XML prologue goes; the result is
  // serialised back as XML.
  const body = text
    .replace(/^\uFEFF?\s*<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>[]*(\[[^\]]*\])?\s*>/i, '');
  const fragment = purify.sanitize(body, {
    USE_PROFILES: { svg: true, svgFilters: true },
    ADD_TAGS: ['use'],
    FORBID_TAGS: ['foreignObject', 'script', 'animate', 'set', 'animateMotion', 'animateTransform'],
    RETURN_DOM_FRAGMENT: true,
  });
  const removed = purify.removed.flatMap((entry) => {
    if ('element' in entry) {
      const name = (entry.element as Element).localName ?? entry.element.nodeName;
      // DOMPurify counts the wrapper it parses into and the comments it drops.
      return name === 'body' || name === 'BODY' || entry.element.nodeName === '#comment'
        ? []
        : [`<${name}>`];
    }
    const from = entry.from as Element | undefined;
    return [`the \`${entry.attribute?.name}\` attribute of <${from?.localName ?? '?'}>`];
  });
  const svg = fragment.querySelector('svg');
  if (!svg) return { svg: '', removed: ['everything (no <svg> element was left)'] };
  return { svg: serialize(svg), removed: [...new Set([...removed, ...noted])] };
}

/** A reference that stays inside the drawing: `#id`, or an embedded raster image. */
function internalReference(tagName: string, value: string): boolean {
  const v = value.trim();
  if (v.startsWith('#')) return true;
  if (tagName === 'image' || tagName === 'feImage')
    return /^data:image\/(?:png|jpeg|gif|webp);base64,[\w+/=\s]*$/i.test(v);
  // A link inside the drawing is followed only when a reader clicks it.
  if (tagName === 'a') return /^(?:https?:|mailto:)/i.test(v);
  return false;
}

/** CSS without `@import` and without `url()`s leading out of the drawing. */
function cleanCss(text: string, context: 'stylesheet' | 'declarationList') {
  const removed: string[] = [];
  let ast: csstree.CssNode;
  try {
    ast = csstree.parse(text, { context });
  } catch {
    return { css: '', removed: ['a stylesheet that cannot be read'] };
  }
  csstree.walk(ast, {
    enter(
      node: csstree.CssNode,
      item: csstree.ListItem<csstree.CssNode>,
      list: csstree.List<csstree.CssNode>,
    ) {
      if (node.type === 'Atrule' && node.name.toLowerCase() === 'import') {
        removed.push('an @import');
        list?.remove(item);
        return csstree.walk.skip;
      }
      if (node.type !== 'Declaration') return undefined;
      let external: string | undefined;
      csstree.walk(node, (inner) => {
        if (inner.type === 'Url' && !/^(?:#|data:)/i.test(inner.value.trim()))
          external = inner.value;
      });
      if (external !== undefined) {
        removed.push(`\`url(${external.length > 40 ? `${external.slice(0, 37)}…` : external})\``);
        list?.remove(item);
      }
      return undefined;
    },
  });
  return { css: csstree.generate(ast), removed };
}
