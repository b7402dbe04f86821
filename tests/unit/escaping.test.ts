import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as csstree from 'css-tree';
import fc from 'fast-check';
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { cssString } from '../../src/guard/css.ts';
import type { Book } from '../../src/model/book.ts';
import { OutputFolder } from '../../src/render/output-files.ts';
import { pageCss } from '../../src/render/page-css.ts';
import { renderPrintEdition } from '../../src/render/print-edition.ts';
import { renderSite } from '../../src/render/site.ts';
import { tempDir, transformProject } from '../helpers.ts';

// Titles and config values from the whole of Unicode (control characters, line and
// paragraph separators, lone surrogates, `</style>`, quotes, braces …) must change the
// text of the editions and nothing else: every page and the print edition parse to the
// same tree of elements and attributes, and their stylesheets to the same rules, as with
// a plain value.

/** Any character at all, with the dangerous ones made frequent. */
const anyChar = fc.oneof(
  fc.constantFrom(
    '<',
    '>',
    '"',
    "'",
    '\\',
    '{',
    '}',
    ';',
    '/',
    '*',
    '@',
    '&',
    '\n',
    '\r',
    '\f',
    '\t',
    '\0',
  ),
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u2028', '\u2029', '\u202e', '\ufeff', '\ud800', '\udfff'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const hostile = fc.oneof(
  fc.string({ unit: anyChar, maxLength: 40 }),
  fc.constantFrom(
    '</style><script>alert(1)</script><style>',
    '"; } @page ch-2 { @top-center { content: "UNCLASSIFIED" } } x { a: "',
    '\f} @page { @top-center { content: "X" } } .a {',
    '*/ } </style><link rel=preconnect href=http://127.0.0.1:9/>',
    '{{> head}}{{{chapter.content}}}',
  ),
);

/** A tree's shape: elements, their attribute names and stylesheets' rules, never text. */
function shape(node: Root | RootContent): unknown {
  if (node.type === 'text' || node.type === 'comment' || node.type === 'doctype') return null;
  if (node.type !== 'element' && node.type !== 'root') return node.type;
  const element = node as Element | Root;
  const children = element.children.map(shape).filter((s) => s !== null);
  if (element.type === 'root') return children;
  const attributes = Object.keys(element.properties).sort();
  if (element.tagName === 'style') {
    const text = element.children.map((c) => ('value' in c ? c.value : '')).join('');
    return ['style', attributes, cssShape(text)];
  }
  return [element.tagName, attributes, children];
}

/** A stylesheet's rules and declarations, with every string's content left out. */
function cssShape(text: string): string[] {
  const out: string[] = [];
  csstree.walk(csstree.parse(text), (node) => {
    if (node.type === 'Atrule')
      out.push(`@${node.name} ${node.prelude ? csstree.generate(node.prelude) : ''}`);
    else if (node.type === 'Rule') out.push(`rule ${csstree.generate(node.prelude)}`);
    else if (node.type === 'Declaration') out.push(`decl ${node.property}`);
    else if (node.type === 'String') out.push('string');
  });
  return out;
}

let root: string;
let base: Book;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await tempDir();
  cleanup = temp.done;
  root = temp.dir;
  await mkdir(path.join(root, 'chapters'));
  await writeFile(
    path.join(root, 'handbook.yml'),
    "title: Plain\norganisation: Org\nnotice: Notice\ndate: '2026-01-01'\nclassification: OPEN\nmarkings: [OPEN, CLOSED]\nauthors: [Someone]\nrevisions: [{ version: '1', date: '2026-01-01', changes: First }]\ndistribution: [{ recipient: Readers, copies: 2 }]\n",
  );
  await writeFile(
    path.join(root, 'chapters', '01-one.md'),
    '# One\n\n## Section\n\nSee [two](02-two.md).\n',
  );
  await writeFile(
    path.join(root, 'chapters', '02-two.md'),
    '---\nclassification: CLOSED\n---\n# Two\n\nText.\n',
  );
  const { book } = await transformProject(root);
  base = book!;
});

afterAll(async () => cleanup?.());

/** The book with every author-shaped value replaced. */
function withValues(values: Values): Book {
  const book = structuredClone(base);
  // structuredClone keeps the trees; titles and markings are what the templates print.
  book.chapters[0]!.title = values.title;
  book.chapters[0]!.summary = values.text;
  book.chapters[0]!.headings = book.chapters[0]!.headings.map((h) => ({
    ...h,
    text: values.heading,
  }));
  book.chapters[1]!.title = values.heading;
  Object.assign(book.config, {
    title: values.title || 'x',
    subtitle: values.text,
    organisation: values.text,
    notice: values.text,
    handling: values.text,
    version: values.heading,
    authors: [{ name: values.text, role: values.heading }],
    revisions: [
      { version: values.heading, date: '2026-01-01', author: values.text, changes: values.text },
    ],
    distribution: [{ recipient: values.text, note: values.heading }],
  });
  book.config.pdf = {
    ...book.config.pdf,
    footer: `${values.text} {page} ${values.heading} {pages}`,
    crossReference: ` ${values.text} {page}`,
  };
  // A marking label is the scale's own text: change it on the scale and on the chapter.
  const label = values.label.trim() || 'X';
  book.config.markings = [{ label: 'OPEN' }, { label, color: '#123456' }];
  book.chapters[1]!.classification = label;
  return book;
}

const values = fc.record({ title: hostile, heading: hostile, text: hostile, label: hostile });
type Values = { title: string; heading: string; text: string; label: string };

/**
 * The plain values to compare with: an empty value leaves an optional element out (a
 * summary that is not there), so the plain one is empty where the generated one is.
 */
function plainLike(v: Values): Values {
  const plain = (s: string) => (s === '' ? '' : 'P');
  return {
    title: plain(v.title),
    heading: plain(v.heading),
    text: plain(v.text),
    label: plain(v.label.trim()),
  };
}

describe('escaping by construction', () => {
  it('makes any text a CSS string that ends where it is closed', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyChar, maxLength: 60 }), (text) => {
        const literal = cssString(text).text;
        expect(literal).not.toMatch(/[<>\n\r\f{};]/);
        const strings: string[] = [];
        const ast = csstree.parse(`a{content:${literal}}`);
        csstree.walk(ast, (n) => {
          if (n.type === 'String') strings.push(n.value);
        });
        const expected = text.replace(/\0|[\ud800-\udfff]/gu, (c) =>
          c.length === 1 ? '\ufffd' : c,
        );
        expect(strings).toEqual([
          expected.replace(
            /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
            '\ufffd',
          ),
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the print edition the same tree whatever the titles, headings and config say', async () => {
    const print = async (v: Values) => shape(fromHtml(await renderPrintEdition(withValues(v))));
    await fc.assert(
      fc.asyncProperty(values, async (v) => {
        expect(await print(v)).toEqual(await print(plainLike(v)));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps every page of the HTML edition the same tree', async () => {
    const render = async (book: Book) => {
      const out = await tempDir();
      try {
        await renderSite(book, new OutputFolder(out.dir), { pdfName: 'plain.pdf' });
        const pages: Record<string, unknown> = {};
        for (const name of (await readdir(out.dir)).filter((n) => n.endsWith('.html')).sort())
          pages[name] = shape(fromHtml(await readFile(path.join(out.dir, name), 'utf8')));
        return pages;
      } finally {
        await out.done();
      }
    };
    const plain = await render(withValues({ title: 'T', heading: 'H', text: 'X', label: 'L' }));
    expect(Object.keys(plain)).toEqual(['index.html', 'one.html', 'two.html']);
    await fc.assert(
      fc.asyncProperty(values, async (v) => {
        expect(await render(withValues(v))).toEqual(await render(withValues(plainLike(v))));
      }),
      { numRuns: 40 },
    );
  });

  it('takes a colour, a length, a file name, a theme and a language only as what they must be', () => {
    const plain = configSchema.parse({});
    const css = (config: typeof plain) =>
      cssShape(
        pageCss({
          config: { ...base.config, ...config, markings: base.config.markings } as Book['config'],
          chapters: [],
        }),
      );
    const baseline = css(plain);
    fc.assert(
      fc.property(hostile, (value) => {
        for (const input of [
          { markings: [{ label: 'A', color: value }] },
          { pdf: { margin: { top: value } } },
          { pdf: { filename: value } },
          { theme: value },
          { language: value },
        ]) {
          const parsed = configSchema.safeParse(input);
          if (!parsed.success) continue;
          // Accepted: then it is a plain value of its kind, and the rules stay the rules.
          expect(css(parsed.data)).toEqual(baseline);
          if (parsed.data.pdf.filename !== undefined)
            expect(parsed.data.pdf.filename).toMatch(/^[^/\\:<>"]+\.pdf$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
