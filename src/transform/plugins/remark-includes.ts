import path from 'node:path';
import type { Code, Paragraph, Root, RootContent, Text } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Position } from 'unist';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { readGuardedSync } from '../../guard/files.ts';
import { decodeText } from '../../load/read-text.ts';
import { addWarning } from '../../report/messages.ts';

export interface IncludeOptions {
  /** Absolute project folder: nothing outside it is ever included. */
  root: string;
}

declare module 'vfile' {
  interface DataMap {
    /** Files included into the chapter (mdBook `{{#include}}`, MkDocs snippets). */
    includes: number;
    /** A title set by mdBook's `{{#title …}}`. */
    includedTitle: string;
    /** Project-relative paths an include looked at, found or not: the chapter depends on them. */
    includedPaths: string[];
  }
}

/** mdBook's `{{#include file.rs:2:10}}` (and `rustdoc_include`, `playground`, `title`). */
const MDBOOK = /(\\?)\{\{#(include|rustdoc_include|playground|title)\s+([^}\n]*?)\s*\}\}/g;
/** pymdownx.snippets (MkDocs): a line `--8<-- "file.md"`. */
const SNIPPET = /^(\s*)--8<--\s+["']([^"'\n]+)["']\s*$/gm;
const MAX_DEPTH = 8;
const MAX_BYTES = 4 * 1024 * 1024;

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).freeze();

/**
 * Other tools' include directives, done as they do them, before the rest of the chapter is
 * read: inside a code block the file's text (or its lines `:2:10`, or its part between
 * `ANCHOR: name` and `ANCHOR_END: name`) takes the directive's place; alone in a
 * paragraph, the file is read as Markdown in its place. `\{{#include}}` is shown as
 * written. Files outside the project are never read. What an included file holds is
 * reported at the directive that brought it in.
 */
export default function remarkIncludes(options: IncludeOptions) {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    if (!source.includes('{{#') && !source.includes('--8<--')) return;
    file.data.includes ??= 0;
    expand(tree, file, options.root, path.posix.dirname(file.data.chapterPath ?? ''), source, 0);
  };
}

function expand(
  tree: Root,
  file: VFile,
  root: string,
  dir: string,
  source: string | undefined,
  depth: number,
) {
  visit(tree, (node, index, parent) => {
    if (node.type === 'code') {
      const code = node as Code;
      code.value = expandText(code.value, file, root, dir, code.position, true);
      return undefined;
    }
    if (node.type === 'html') {
      const html = node as { value: string; position?: Position };
      if (html.value.includes('--8<--'))
        html.value = snippetsInHtml(html.value, file, root, dir, html.position);
      return undefined;
    }
    if (node.type !== 'paragraph' || !parent || index === undefined) return undefined;
    const paragraph = node as Paragraph;
    const only = paragraph.children.length === 1 ? paragraph.children[0] : undefined;
    const written = only?.type === 'text' ? escapedAware(only, source) : undefined;
    const alone = written === undefined ? undefined : aloneDirective(written);
    if (alone) {
      const text = readInclude(alone.target, file, root, dir, paragraph.position);
      if (alone.kind === 'title') {
        file.data.includedTitle = alone.target;
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (text === undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (alone.kind === 'playground') {
        const block: Code = { type: 'code', lang: 'rust', value: text.replace(/\n$/, '') };
        if (paragraph.position) block.position = paragraph.position;
        parent.children.splice(index, 1, block);
        return [SKIP, index + 1];
      }
      const included = parser.parse(text) as Root;
      if (depth < MAX_DEPTH)
        expand(included, file, root, path.posix.dirname(alone.resolved), undefined, depth + 1);
      const nodes = included.children as RootContent[];
      for (const n of nodes) placeAt(n, paragraph.position);
      parent.children.splice(index, 1, ...(nodes as Paragraph[]));
      return [SKIP, index + nodes.length];
    }
    for (const child of paragraph.children) {
      if (child.type === 'text')
        child.value = expandText(child.value, file, root, dir, child.position, false, source);
    }
    return undefined;
  });
}

/** A text node's value, with mdBook's escape `\{{#` put back where the source has it. */
function escapedAware(node: Text, source: string | undefined): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (source === undefined || start === undefined || end === undefined) return node.value;
  const written = source.slice(start, end);
  return written.includes('\\{{#') && !node.value.includes('\\{{#') ? written : node.value;
}

type Directive = { kind: string; target: string; resolved: string };

function aloneDirective(text: string): Directive | undefined {
  const trimmed = text.trim();
  const mdbook = /^\{\{#(include|rustdoc_include|playground|title)\s+([^}\n]*?)\s*\}\}$/.exec(
    trimmed,
  );
  if (mdbook)
    return {
      kind: mdbook[1]!,
      target: mdbook[2]!,
      resolved: mdbook[2]!.split(':')[0]!.split(/\s/)[0]!,
    };
  const snippet = /^--8<--\s+["']([^"'\n]+)["']$/.exec(trimmed);
  if (snippet) return { kind: 'include', target: snippet[1]!, resolved: snippet[1]! };
  return undefined;
}

/** Directives inside a run of text (a code block's, or a sentence's) replaced by what they name. */
function expandText(
  value: string,
  file: VFile,
  root: string,
  dir: string,
  at: Position | undefined,
  code: boolean,
  source?: string,
): string {
  let text = value;
  if (text.includes('{{#')) {
    text = text.replace(MDBOOK, (whole, escape: string, kind: string, target: string) => {
      if (escape) return whole.slice(1);
      // In running text Markdown has eaten the backslash: the source still has it.
      if (!code && source && at?.start.offset !== undefined) {
        const written = source.slice(at.start.offset, at.end.offset);
        if (written.includes(`\\${whole}`)) return whole;
      }
      if (kind === 'title') return '';
      return (readInclude(target, file, root, dir, at) ?? '').replace(/\n$/, '');
    });
  }
  if (code && text.includes('--8<--')) {
    text = text.replace(SNIPPET, (_whole, indent: string, target: string) => {
      const included = readInclude(target, file, root, dir, at);
      return (included ?? '').replace(/\n$/, '').replace(/^/gm, indent);
    });
  }
  return text;
}

/**
 * Snippet lines inside raw HTML: a picture (MkDocs' docs put an SVG diagram there) becomes
 * an image of it, anything else its text.
 */
function snippetsInHtml(
  value: string,
  file: VFile,
  root: string,
  dir: string,
  at: Position | undefined,
): string {
  return value.replace(SNIPPET, (whole, indent: string, target: string) => {
    if (/\.(svg|png|jpe?g|gif|webp)$/i.test(target)) {
      file.data.includes = (file.data.includes ?? 0) + 1;
      return `${indent}<img src="/${target.replace(/^\/+/, '').replace(/"/g, '&quot;')}" alt="">`;
    }
    const included = readInclude(target, file, root, dir, at);
    return included === undefined ? '' : included.replace(/\n$/, '');
  });
}

/** The text a directive names (`file.rs:2:10`, `file.rs:anchor`), or undefined (reported). */
function readInclude(
  target: string,
  file: VFile,
  root: string,
  dir: string,
  at: Position | undefined,
): string | undefined {
  const [name = '', ...rest] = target.split(/\s+/)[0]!.split(':');
  const candidates = [path.posix.join(dir, name), name];
  for (const candidate of candidates) {
    const absolute = path.resolve(root, candidate);
    (file.data.includedPaths ??= []).push(path.relative(root, absolute).split(path.sep).join('/'));
    const read = readGuardedSync(root, absolute, { maxBytes: MAX_BYTES });
    if (!read.ok) {
      if (read.refusal.kind === 'missing') continue;
      addWarning(
        file,
        `Included file \`${name}\` ${read.refusal.reason}; it is left out`,
        at,
        read.refusal.kind === 'outside' ? 'outside-project' : 'refused-file',
      );
      return undefined;
    }
    file.data.includes = (file.data.includes ?? 0) + 1;
    return portion(decodeText(read.bytes), rest, (reason) =>
      addWarning(file, `In \`${name}\`: ${reason}`, at, 'broken-link'),
    );
  }
  addWarning(file, `No file \`${name}\` to include; the directive is left out`, at, 'broken-link');
  return undefined;
}

/** Lines `[from, to]` (1-based, either open) or an anchor's lines, as mdBook takes them. */
function portion(text: string, selector: string[], warn: (reason: string) => void): string {
  const lines = text.split('\n');
  if (selector.length === 0 || (selector.length === 1 && selector[0] === ''))
    return withoutAnchors(lines);
  const [first = '', second] = selector;
  if (/^\d*$/.test(first) && (second === undefined || /^\d*$/.test(second))) {
    const from = first === '' ? 1 : Number(first);
    const to =
      second === undefined
        ? first === ''
          ? lines.length
          : from
        : second === ''
          ? lines.length
          : Number(second);
    return withoutAnchors(lines.slice(from - 1, to));
  }
  const start = lines.findIndex((l) => new RegExp(`ANCHOR:\\s*${escapeRegExp(first)}\\b`).test(l));
  const end = lines.findIndex(
    (l, i) => i > start && new RegExp(`ANCHOR_END:\\s*${escapeRegExp(first)}\\b`).test(l),
  );
  if (start < 0) {
    warn(`no anchor \`${first}\``);
    return '';
  }
  return withoutAnchors(lines.slice(start + 1, end < 0 ? lines.length : end));
}

/** Lines marking anchors are not part of what is included. */
function withoutAnchors(lines: string[]): string {
  return lines.filter((l) => !/ANCHOR(_END)?:\s*[\w-]+/.test(l)).join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Included nodes take the position of the directive: messages about them point there. */
function placeAt(node: RootContent, position: Position | undefined): void {
  visit(node, (n) => {
    if (position) n.position = position;
    else delete n.position;
  });
}
