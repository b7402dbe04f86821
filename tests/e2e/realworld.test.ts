import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli, tempDir, type CliRun } from '../helpers.ts';
import { brokenLinks } from '../link-check.ts';
import { contentsProblems, readPdf, type ReadPdf } from '../pdf-reader.ts';

// Handbooks written for other tools (../shared/realworld/), built as a new user would:
// `handbook build DIR --out OUT`, nothing configured. Each stands for thousands like it.
const SHARED = path.join(REPO, '..', 'shared', 'realworld');

interface Built {
  run: CliRun;
  out: string;
  pdf: ReadPdf;
}

const cases = {
  'mdbook-guide': {
    tool: 'an mdBook',
    title: 'mdBook Documentation',
    // The titles SUMMARY.md gives, in its order.
    first: [
      'Introduction',
      'Installation',
      'Reading books',
      'Creating a book',
      'Command-line tool',
    ],
  },
  'mkdocs-docs': {
    tool: 'an MkDocs site',
    title: 'MkDocs',
    // The titles `nav:` gives, then the User Guide's own nav file (literate-nav).
    first: ['Home', 'Getting Started', 'User Guide', 'Installation', 'Writing Your Docs'],
  },
  'wp-cli-handbook': {
    tool: 'a folder of Markdown',
    title: 'Handbook',
    first: ['Handbook'],
  },
  'docsy-example': {
    tool: 'a Hugo site',
    title: 'Goldydocs',
    first: ['Goldydocs', 'About Goldydocs', 'Documentation', 'Overview', 'Getting Started'],
  },
} as const;

const built = new Map<string, Built>();
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  await Promise.all(
    Object.keys(cases).map(async (name) => {
      const temp = await tempDir();
      cleanups.push(temp.done);
      const out = path.join(temp.dir, 'out');
      const run = await runCli(['build', path.join(SHARED, name), '--out', out], REPO);
      const pdfFile = existsSync(out)
        ? (await readdir(out)).find((f) => f.endsWith('.pdf'))
        : undefined;
      built.set(name, {
        run,
        out,
        pdf: pdfFile ? await readPdf(path.join(out, pdfFile)) : (undefined as never),
      });
    }),
  );
}, 400_000);

afterAll(async () => {
  for (const done of cleanups) await done();
});

/** A page's visible text, code left out (its syntax is the code's own). */
async function visibleText(file: string): Promise<string> {
  const tree = fromHtml(await readFile(file, 'utf8'));
  for (const node of selectAll('pre, code, script, style', tree)) node.children = [];
  return toText(tree);
}

describe.each(Object.entries(cases))('%s, built as it is', (name, expected) => {
  it('builds both editions with nothing configured, and says what it read', () => {
    const { run, out } = built.get(name)!;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Read as ${expected.tool}`);
    // Nothing of it left out for taking too long, even four builds at once on two cores.
    expect(run.stderr).not.toContain('Chapter left out');
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
  });

  it('takes its title and its order from its own files', async () => {
    const { out, pdf } = built.get(name)!;
    const index = fromHtml(await readFile(path.join(out, 'index.html'), 'utf8'));
    expect(toText(selectAll('h1', index)[0]!)).toBe(expected.title);
    const contents = selectAll('.contents-list a', index).map((a) =>
      toText(a)
        .replace(/^\d+\s*/, '')
        .trim(),
    );
    expect(contents.slice(0, expected.first.length)).toEqual(expected.first);
    expect(pdf.pages[0]!.text).toContain(expected.title);
  });

  it('resolves every link and anchor of the output', async () => {
    expect(await brokenLinks(built.get(name)!.out)).toEqual([]);
  });

  it("shows nothing of the other tool's syntax as text", async () => {
    const { out } = built.get(name)!;
    const pages = (await readdir(out)).filter((f) => f.endsWith('.html') && f !== 'print.html');
    const left: string[] = [];
    for (const page of pages) {
      const text = await visibleText(path.join(out, page));
      for (const pattern of [
        /\{\{[<%#]/,
        /\{%-?\s/,
        /\{\{\s*[\w.-]+\s*\}\}/,
        /(^|\n)\s*(!!!|\?\?\?)\s+\w/,
        /\[!(NOTE|TIP|WARNING|IMPORTANT|CAUTION)\]/i,
        /--8<--/,
        /(^|\s):::\s*[\w.-]/,
        /\{:?\s*[#.][\w-]+[^}]*\}/,
      ]) {
        const match = pattern.exec(text);
        if (match)
          left.push(
            `${page}: ${JSON.stringify(text.slice(Math.max(0, match.index - 30), match.index + 40))}`,
          );
      }
    }
    expect(left).toEqual([]);
  });

  it('prints a PDF whose contents are right on every entry', () => {
    expect(contentsProblems(built.get(name)!.pdf)).toEqual([]);
  });
});

describe('the Hugo site in three languages', () => {
  it('builds its English, Norwegian and Persian editions, the Persian right to left', async () => {
    const { run, out } = built.get('docsy-example')!;
    expect(run.stderr).toMatch(/in 3 languages \(en, no, fa\)/);
    const persian = fromHtml(await readFile(path.join(out, 'fa', 'docs.html'), 'utf8'));
    expect(selectAll('html', persian)[0]!.properties).toMatchObject({ lang: 'fa', dir: 'rtl' });
    // Its own title and its own words, from hugo.yaml and the built-in Persian wording.
    expect(toText(selectAll('.masthead-name', persian)[0]!)).toBe('اسناد گلدی');
    expect(toText(selectAll('.sidebar-home', persian)[0]!)).toBe('فهرست مطالب');
    expect(
      selectAll('.language-switch a', persian).map((a) => [
        a.properties.hrefLang,
        a.properties.href,
      ]),
    ).toEqual([
      ['en', '../docs.html'],
      ['no', '../no/docs.html'],
      ['fa', '../fa/docs.html'],
    ]);
    const pdf = await readPdf(path.join(out, 'fa', 'goldydocs.fa.pdf'));
    expect(contentsProblems(pdf, 'rtl')).toEqual([]);
    expect(run.stderr).not.toMatch(/missing-glyph/);
  });
});

describe('warnings, not walls', () => {
  it('fails with --strict on the warnings it builds with', async () => {
    const temp = await tempDir();
    cleanups.push(temp.done);
    const plain = built.get('mkdocs-docs')!.run;
    const warnings = /(\d+) warnings?/.exec(plain.stderr)?.[1];
    expect(Number(warnings)).toBeGreaterThan(0);
    const strict = await runCli(
      [
        'build',
        path.join(SHARED, 'mkdocs-docs'),
        '--out',
        path.join(temp.dir, 'out'),
        '--strict',
        '--no-pdf',
      ],
      REPO,
    );
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${warnings} warning`);
    expect(existsSync(path.join(temp.dir, 'out'))).toBe(false);
  });
});
