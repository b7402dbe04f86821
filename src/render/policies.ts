import { createHash, randomBytes } from 'node:crypto';

/**
 * The print document's Content-Security-Policy: it may load its own stylesheets, fonts
 * and images and nothing else — no frames, objects, connections, base URL or form — and
 * only the style element carrying the nonce applies, so a style that got into a chapter
 * by some future mistake would change nothing (not a marking, not a running header).
 * This is one layer: Chromium also starts unable to connect anywhere, and the printer
 * refuses every request that is not a file of the build.
 */
export function printPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'self' 'nonce-${nonce}'`,
    "font-src 'self'",
    "img-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Render with a nonce no author can know (random for this process), then replace it by
 * a digest of the document: the output stays the same from build to build, and a chapter
 * cannot carry the nonce, which depends on the chapter itself.
 */
export function withStableNonce(render: (nonce: string) => string): {
  html: string;
  nonce: string;
} {
  const placeholder = `hbnonce${randomBytes(16).toString('hex')}`;
  const draft = render(placeholder);
  const nonce = createHash('sha256')
    .update(draft.replaceAll(placeholder, ''))
    .digest('base64url')
    .slice(0, 24);
  return { html: draft.replaceAll(placeholder, nonce), nonce };
}

/**
 * The HTML edition's policy: its own scripts (and Pagefind's WebAssembly) and nothing
 * inline, its own styles and fonts, images from itself or the web (a chapter's remote
 * images stay in this edition), no frames, objects, base URL or forms.
 */
export function sitePolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' http: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
