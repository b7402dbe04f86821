import { statSync } from 'node:fs';
import path from 'node:path';
import { checkFile, readGuardedSync } from '../guard/files.ts';
import { cleanSvg } from '../guard/svg.ts';
import { toPosix } from '../load/paths.ts';
import type { RuleId } from '../report/messages.ts';

/** Files a chapter may publish are at most this big. */
export const MAX_ASSET_BYTES = 256 * 1024 * 1024;

/**
 * Files a browser would open as a page of the handbook's own site (HTML, XHTML, XML with
 * its stylesheets): published, they would run their scripts as if they were the handbook.
 */
const DOCUMENT = /\.(?:html?|xhtml?|xht|shtml|xml|xsl|xslt|mht|mhtml|svgz)$/i;

/** What a link or image in a chapter leads to, as far as publishing is concerned. */
export type ProjectFile =
  | { kind: 'file'; relative: string; svgRemoved?: string[] }
  | { kind: 'folder'; relative: string }
  | { kind: 'missing' }
  | { kind: 'refused'; rule: RuleId; reason: string };

/**
 * A project file a chapter points at (`target`: project-relative), checked by the file
 * guard for publishing: inside the project, a regular file, not a dot-file, not a page
 * a browser would run; an SVG is cleaned, and what cleaning removed is returned.
 */
export function projectFile(root: string, target: string): ProjectFile {
  const absolute = path.resolve(root, target);
  const checked = checkFile(root, absolute, { publish: true, maxBytes: MAX_ASSET_BYTES });
  if (!checked.ok) {
    const { refusal } = checked;
    if (refusal.kind === 'missing') return { kind: 'missing' };
    if (refusal.kind === 'outside')
      return { kind: 'refused', rule: 'outside-project', reason: 'leaves the project folder' };
    if (refusal.kind === 'folder')
      return { kind: 'folder', relative: toPosix(path.relative(root, absolute)) };
    return { kind: 'refused', rule: 'refused-file', reason: refusal.reason };
  }
  const relative = toPosix(path.relative(root, absolute));
  if (DOCUMENT.test(relative)) {
    return {
      kind: 'refused',
      rule: 'refused-file',
      reason:
        'is a web page or XML document: a browser would run it as a page of the handbook, so it is not published',
    };
  }
  if (/\.svg$/i.test(relative))
    return { kind: 'file', relative, svgRemoved: cleanedSvg(root, checked.real).removed };
  return { kind: 'file', relative };
}

const cleaned = new Map<string, { key: string; svg: string; removed: string[] }>();

/** An SVG file as it is published: cleaned, once per version of the file. */
export function cleanedSvg(root: string, real: string): { svg: string; removed: string[] } {
  const { size, mtimeMs } = statSync(real);
  const key = `${size}:${mtimeMs}`;
  const hit = cleaned.get(real);
  if (hit?.key === key) return hit;
  const read = readGuardedSync(root, real, { maxBytes: MAX_ASSET_BYTES });
  const result = read.ok
    ? { key, ...cleanSvg(read.bytes.toString('utf8')) }
    : { key, svg: '', removed: [`everything (the file ${read.refusal.reason})`] };
  cleaned.set(real, result);
  return result;
}
