import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBook } from '../../scripts/generate-book.ts';
import { build, type BuildOptions } from '../../src/build.ts';
import { tempDir } from '../helpers.ts';
import { readPdf } from '../pdf-reader.ts';

// `handbook build` keeps each chapter's result and the PDF's page map between builds. What
// it reads back goes into the editions as it is: a cached build must be exactly a clean
// one, and an entry that is stale, corrupt or not of this machine's making must never be
// used.
const cleanups: (() => Promise<void>)[] = [];
const secrets: string[] = [];
let root: string;
let cacheDir: string;

afterAll(async () => {
  for (const done of cleanups) await done();
});

beforeAll(async () => {
  const temp = await tempDir();
  cleanups.push(temp.done);
  root = path.join(temp.dir, 'book');
  cacheDir = path.join(temp.dir, 'cache');
  for (const name of ['secret-a', 'secret-b']) secrets.push(path.join(temp.dir, name));
  await generateBook(root, 12, 9);
  // A chapter made partly of another file: editing that file makes the chapter stale.
  await writeFile(path.join(root, 'snippet.md'), 'Included text, first version.\n');
  const first = path.join(root, 'chapters', '01-part-1', '01-chapter-1.md');
  await writeFile(first, `${await readFile(first, 'utf8')}\n--8<-- "snippet.md"\n`);
});

/** A build with this machine's secret in `secret` (XDG_CACHE_HOME, as a user's home holds it). */
async function buildWith(out: string, secret: string, options: Partial<BuildOptions> = {}) {
  const before = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = secret;
  try {
    const result = await build({ root, outDir: path.join(root, out), pdf: false, ...options });
    expect(result.ok).toBe(true);
    return result;
  } finally {
    if (before === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = before;
  }
}

/** Every file of an output folder, by path. */
async function files(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out = new Map<string, Buffer>();
  for (const e of entries.filter((e) => e.isFile()))
    out.set(
      path.relative(dir, path.join(e.parentPath, e.name)),
      await readFile(path.join(e.parentPath, e.name)),
    );
  return out;
}

async function expectSame(a: string, b: string) {
  const [left, right] = [await files(path.join(root, a)), await files(path.join(root, b))];
  expect([...right.keys()].sort()).toEqual([...left.keys()].sort());
  for (const [name, bytes] of left)
    expect(Buffer.compare(bytes, right.get(name)!), `${name} differs`).toBe(0);
}

async function cacheEntries(kind: string): Promise<string[]> {
  const entries = await readdir(path.join(cacheDir, kind), {
    recursive: true,
    withFileTypes: true,
  });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('the build cache', () => {
  it('gives the same editions, byte for byte, as a clean build, PDF included', async () => {
    const clean = await buildWith('clean', secrets[0]!, { cache: false, pdf: true });
    expect(clean.pdfDrafted).toBe(true);
    await buildWith('filling', secrets[0]!, { cache: { dir: cacheDir }, pdf: true });
    expect((await cacheEntries('rendered')).length).toBe(12);
    const cached = await buildWith('cached', secrets[0]!, { cache: { dir: cacheDir }, pdf: true });
    // The last build's page map stood in for the draft: one print, no draft.
    expect(cached.pdfDrafted).toBe(false);
    expect(cached.prints).toBe(1);
    await expectSame('clean', 'cached');
  });

  it('redoes a chapter whose source, or a file it includes, changed', async () => {
    const page = () => readFile(path.join(root, 'edited', 'chapter-1.html'), 'utf8');
    await buildWith('edited', secrets[0]!, { cache: { dir: cacheDir } });
    expect(await page()).toContain('Included text, first version.');
    // Only the included file changes: the chapter's own source is the same.
    await writeFile(path.join(root, 'snippet.md'), 'Included text, second version.\n');
    await buildWith('edited', secrets[0]!, { cache: { dir: cacheDir } });
    expect(await page()).toContain('Included text, second version.');
    expect(await page()).not.toContain('first version');
    const first = path.join(root, 'chapters', '01-part-1', '01-chapter-1.md');
    const source = await readFile(first, 'utf8');
    await writeFile(first, source.replace('--8<--', 'An edited line.\n\n--8<--'));
    await buildWith('edited', secrets[0]!, { cache: { dir: cacheDir } });
    expect(await page()).toContain('An edited line.');
    await buildWith('edited-clean', secrets[0]!, { cache: false });
    await expectSame('edited-clean', 'edited');
  });

  it('never uses an entry changed after it was signed, whatever it says', async () => {
    await buildWith('warm', secrets[0]!, { cache: { dir: cacheDir } });
    // Someone rewrites every cached page in place (a shared folder, a disk fault): this
    // machine's build must not take a word of it.
    for (const file of await cacheEntries('rendered')) {
      const bytes = await readFile(file, 'utf8');
      await writeFile(file, bytes.replaceAll('"value":"Overview"', '"value":"Injected"'));
    }
    const poisoned = await buildWith('poisoned', secrets[0]!, { cache: { dir: cacheDir } });
    expect(poisoned.ok).toBe(true);
    const clean = await buildWith('clean-again', secrets[0]!, { cache: false });
    expect(clean.ok).toBe(true);
    await expectSame('clean-again', 'poisoned');
  });

  it('is used by the machine that signed it, and by no other', async () => {
    // Control for the test above: the same kind of rewrite, signed by the other secret's
    // owner, is taken by that owner's builds (so the signature is what protects).
    const { SignedStore } = await import('../../src/cache/signed-store.ts');
    await buildWith('warm-b', secrets[1]!, { cache: { dir: cacheDir } });
    const before = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = secrets[1]!;
    const store = SignedStore.open(cacheDir)!;
    if (before === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = before;
    let rewritten = 0;
    for (const file of await cacheEntries('rendered')) {
      const key = path.basename(file, '.json');
      const value = await store.get<object>('rendered', key);
      expect(value).toBeDefined();
      const changed = JSON.parse(
        JSON.stringify(value).replaceAll('"value":"Overview"', '"value":"Injected"'),
      );
      await store.put('rendered', key, changed);
      rewritten++;
    }
    expect(rewritten).toBe(12);
    const owner = await buildWith('owner', secrets[1]!, { cache: { dir: cacheDir } });
    const pages = [...(await files(owner.outDir)).entries()].filter(([n]) => n.endsWith('.html'));
    expect(pages.some(([, html]) => html.includes('Injected'))).toBe(true);
    // Another user's build, with its own secret, reads none of it.
    const other = await buildWith('other', secrets[0]!, { cache: { dir: cacheDir } });
    const otherPages = [...(await files(other.outDir)).entries()].filter(([n]) =>
      n.endsWith('.html'),
    );
    expect(otherPages.some(([, html]) => html.includes('Injected'))).toBe(false);
    expect(otherPages.some(([, html]) => html.includes('Overview'))).toBe(true);
  });

  it('discards an entry cut short or garbled, and builds as if it were not there', async () => {
    await buildWith('warm-c', secrets[0]!, { cache: { dir: cacheDir } });
    const entries = [...(await cacheEntries('parsed')), ...(await cacheEntries('rendered'))];
    for (const [i, file] of entries.entries()) {
      const bytes = await readFile(file);
      if (i % 3 === 0) await writeFile(file, bytes.subarray(0, bytes.length >> 1));
      else if (i % 3 === 1)
        await writeFile(file, Buffer.from(bytes.map((b, n) => (n === 100 ? b ^ 1 : b))));
      else await writeFile(file, 'not a cache entry at all');
    }
    await buildWith('garbled', secrets[0]!, { cache: { dir: cacheDir } });
    await buildWith('garbled-clean', secrets[0]!, { cache: false });
    await expectSame('garbled-clean', 'garbled');
  });

  it('refuses a cache folder inside the output folder, which every build replaces', async () => {
    await expect(
      build({
        root,
        outDir: path.join(root, 'out'),
        pdf: false,
        cache: { dir: path.join(root, 'out', 'cache') },
      }),
    ).rejects.toThrow(/inside the output folder/);
  });
});

describe('the build cache of a handbook in two languages', () => {
  it("keeps every language's chapters and diagrams, and only the newest of each", async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    const project = path.join(temp.dir, 'book');
    const cache = path.join(temp.dir, 'cache');
    const chapter = (title: string, label: string) =>
      `# ${title}\n\nText.\n\n\`\`\`mermaid\nflowchart LR\n  A[${label}] --> B[HQ]\n\`\`\`\n`;
    await mkdir(path.join(project, 'chapters', 'fr'), { recursive: true });
    await writeFile(path.join(project, 'handbook.yml'), 'title: Two\nlanguages: [en, fr]\n');
    await writeFile(path.join(project, 'chapters', '01-one.md'), chapter('One', 'Unit'));
    await writeFile(path.join(project, 'chapters', '02-two.md'), '# Two\n\nMore text.\n');
    await writeFile(path.join(project, 'chapters', 'fr', '01-one.md'), chapter('Un', 'Unité'));
    await writeFile(path.join(project, 'chapters', 'fr', '02-two.md'), '# Deux\n\nSuite.\n');
    const entries = async (kind: string) =>
      (await readdir(path.join(cache, kind), { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    const run = async (out: string) => {
      const result = await build({
        root: project,
        outDir: path.join(temp.dir, out),
        pdf: false,
        cache: { dir: cache },
      });
      expect(result.ok).toBe(true);
    };
    await run('first');
    // Two chapters in each language, one diagram in each: the French edition's build does
    // not sweep away what the English one kept.
    expect((await entries('rendered')).length).toBe(4);
    expect((await entries('parsed')).length).toBe(4);
    const diagrams = await entries('diagram');
    expect(diagrams.length).toBe(2);
    const rendered = await entries('rendered');
    await run('second');
    expect(await entries('rendered')).toEqual(rendered);
    expect(await entries('diagram')).toEqual(diagrams);
    // An edited French chapter replaces its own entry, and only it.
    await writeFile(path.join(project, 'chapters', 'fr', '02-two.md'), '# Deux\n\nSuite revue.\n');
    await run('third');
    const after = await entries('rendered');
    expect(after.length).toBe(4);
    expect(after.filter((name) => !rendered.includes(name)).length).toBe(1);
    const html = await readFile(path.join(temp.dir, 'third', 'fr', 'two.html'), 'utf8');
    expect(html).toContain('Suite revue.');
  });
});

// A long handbook is printed in pieces; each printed piece is kept, named by its document,
// the numbers filled into it and the files it read. The next build prints again only the
// pieces that changed, and its PDF must be the one a clean build makes.
describe('the printed pieces of a PDF', () => {
  let project: string;
  let store: string;
  let out: string;
  const chapter13 = () => path.join(project, 'chapters', '02-part-2', '03-chapter-13.md');
  const picture = () => path.join(project, 'chapters', '03-part-3', 'map.svg');
  const svg = (colour: string, label: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><rect width="200" height="80" fill="${colour}"/><text x="10" y="50">${label}</text></svg>\n`;

  beforeAll(async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    project = path.join(temp.dir, 'book');
    store = path.join(temp.dir, 'cache');
    out = temp.dir;
    await generateBook(project, 24, 5);
    await writeFile(picture(), svg('#1f6f3f', 'Sector North'));
    const last = path.join(project, 'chapters', '03-part-3', '04-chapter-24.md');
    await writeFile(last, `${await readFile(last, 'utf8')}\n![Map of the sectors](map.svg)\n`);
  });

  const run = async (name: string, cache: boolean) => {
    const result = await build({
      root: project,
      outDir: path.join(out, name),
      printPieces: 4,
      cache: cache ? { dir: store } : false,
    });
    expect(result.ok).toBe(true);
    expect(result.printPieces).toBe(4);
    return result;
  };
  /** A cached build beside a clean one of the same sources: the same PDF, byte for byte. */
  const cachedAndClean = async (name: string) => {
    const cached = await run(name, true);
    const clean = await run(`${name}-clean`, false);
    expect(clean.pdfPiecesReused).toBe(0);
    const [a, b] = [await readFile(cached.pdfPath!), await readFile(clean.pdfPath!)];
    expect(Buffer.compare(a, b), 'the cached build’s PDF differs from a clean one').toBe(0);
    return cached;
  };

  it('prints again only the piece holding an edited chapter', async () => {
    const first = await run('fill', true);
    expect(first.pdfPiecesReused).toBe(0);
    const unchanged = await run('unchanged', true);
    expect(unchanged.pdfPiecesReused).toBe(4);
    // A word swapped for one as long: chapter 13, in the second piece, keeps its pages.
    const source = await readFile(chapter13(), 'utf8');
    expect(source).toContain('Operation review sector');
    await writeFile(
      chapter13(),
      source.replace('Operation review sector', 'Operation revise sector'),
    );
    const edited = await cachedAndClean('edited');
    expect(edited.pdfPiecesReused).toBe(3);
    expect(edited.pdfDrafted).toBe(false);
    const text = (await readPdf(edited.pdfPath!)).pages.map((p) => p.text).join('\n');
    expect(text).toContain('Operation revise sector');
    expect(text).not.toContain('Operation review sector');
  });

  it('prints again the piece whose image was replaced, though no chapter changed', async () => {
    await run('before-image', true);
    await writeFile(picture(), svg('#8a1c1c', 'Sector South'));
    const replaced = await cachedAndClean('image');
    expect(replaced.pdfPiecesReused).toBe(3);
    const text = (await readPdf(replaced.pdfPath!)).pages.map((p) => p.text).join('\n');
    expect(text).toContain('Sector South');
    expect(text).not.toContain('Sector North');
  });

  it('prints again only the two pieces a new cross-reference joins', async () => {
    await run('before-link', true);
    // Chapter 13 (second piece) now links to a section of chapter 24 (last piece) that
    // nothing linked to: the other two pieces are as they were.
    const source = await readFile(chapter13(), 'utf8');
    await writeFile(
      chapter13(),
      source.replace(
        'Operation revise sector',
        '[Operation](../03-part-3/04-chapter-24.md#overview-in-detail) revise sector',
      ),
    );
    // The new target is not in the last page map: a second round, of those two pieces only.
    const linked = await cachedAndClean('linked');
    expect(linked.prints).toBe(2);
    expect(linked.pdfPiecesReused).toBe(2);
    const pdf = await readPdf(linked.pdfPath!);
    const target = Object.keys(pdf.destinations).find((d) =>
      /chapter-24.*overview-in-detail/.test(d),
    );
    expect(target).toBeDefined();
    const from = pdf.pages.find((p) => p.text.includes('revise sector'))!;
    expect(from.links).toContain(target);
  });

  it('takes no piece whose entry was changed after it was signed', async () => {
    await run('before-tamper', true);
    const entries = (
      await readdir(path.join(store, 'printed'), { recursive: true, withFileTypes: true })
    )
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    expect(entries.length).toBe(4);
    for (const file of entries) {
      const entry = await readFile(file, 'utf8');
      // One character of each stored PDF changed: still base64, no longer what was signed.
      const at = entry.indexOf('"pdf":"') + 200;
      await writeFile(
        file,
        entry.slice(0, at) + (entry[at] === 'A' ? 'B' : 'A') + entry.slice(at + 1),
      );
    }
    const tampered = await cachedAndClean('tampered');
    expect(tampered.pdfPiecesReused).toBe(0);
  });
});
