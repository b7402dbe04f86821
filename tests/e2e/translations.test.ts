import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { copyProject, messageLines, REPO, runCli, tempDir } from '../helpers.ts';
import { brokenLinks } from '../link-check.ts';
import { checkContents, frontCount } from '../pdf-contents.ts';
import { accessibilityReport, failures } from '../pdf-accessibility.ts';
import { readPdf } from '../pdf-reader.ts';

const temp = await tempDir();
afterAll(() => temp.done());

/** A small handbook with a French translation of one chapter of two, in a given layout. */
async function fixture(layout: 'folders' | 'suffixes' | 'original-at-top') {
  const root = path.join(temp.dir, layout);
  const chapters = path.join(root, 'chapters');
  await mkdir(path.join(chapters, 'fr'), { recursive: true });
  await writeFile(
    path.join(root, 'handbook.yml'),
    'title: Field guide\nlanguages: [en, fr]\ntranslations:\n  fr: { title: Guide de terrain }\n',
  );
  const english = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;
  await writeFile(
    path.join(chapters, '01-arrival.md'),
    english('Arrival', 'Welcome. See [departure](02-departure.md#leaving).'),
  );
  await writeFile(
    path.join(chapters, '02-departure.md'),
    english('Departure', '## Leaving\n\nGoodbye.'),
  );
  const french = (extra: string) =>
    `---\ntitle: Arrivée\n${extra}---\n\nBienvenue. Voir [le départ](02-departure.md#leaving).\n`;
  if (layout === 'folders') await writeFile(path.join(chapters, 'fr', '01-arrival.md'), french(''));
  if (layout === 'suffixes') await writeFile(path.join(chapters, '01-arrival.fr.md'), french(''));
  if (layout === 'original-at-top') {
    // As Jekyll sites keep them: the translation anywhere, saying its language and its original.
    await writeFile(
      path.join(chapters, 'fr', '01-arrivee.md'),
      french('lang: fr\ntranslationKey: arrival\n'),
    );
    const original = path.join(chapters, '01-arrival.md');
    const text = await readFile(original, 'utf8');
    await writeFile(
      original,
      text.replace('title: Arrival\n', 'title: Arrival\ntranslationKey: arrival\n'),
    );
  }
  return root;
}

/** What a reader sees of a page: its language, title, text and the language switch. */
async function readerView(file: string) {
  const tree = fromHtml(await readFile(file, 'utf8'));
  return {
    lang: select('html', tree)?.properties.lang,
    article: toString(select('article', tree)!).replace(/\s+/g, ' ').trim(),
    articleLang: select('article', tree)?.properties.lang ?? null,
    notice: select('.translation-notice', tree)
      ? toString(select('.translation-notice', tree)!)
      : null,
    switch: selectAll('.language-switch a', tree).map((a) => [
      a.properties.hrefLang,
      a.properties.href,
    ]),
    alternates: selectAll('link[rel=alternate]', tree).map((l) => [
      l.properties.hrefLang,
      l.properties.href,
    ]),
  };
}

describe('translated editions', () => {
  it('builds the same editions from folders, suffixes and translations kept among the originals', async () => {
    const views = [];
    for (const layout of ['folders', 'suffixes', 'original-at-top'] as const) {
      const root = await fixture(layout);
      const result = await build({ root, pdf: false });
      expect(messageLines(result.diagnostics), layout).toEqual([]);
      expect(result.ok, layout).toBe(true);
      const out = path.join(root, 'dist');
      expect(await brokenLinks(out), layout).toEqual([]);
      expect((await readdir(out)).filter((f) => f.endsWith('.html')).sort()).toEqual([
        'arrival.html',
        'departure.html',
        'index.html',
      ]);
      views.push({
        frArrival: await readerView(path.join(out, 'fr', 'arrival.html')),
        frDeparture: await readerView(path.join(out, 'fr', 'departure.html')),
        enArrival: await readerView(path.join(out, 'arrival.html')),
      });
    }
    const [first] = views;
    expect(first!.frArrival.lang).toBe('fr');
    expect(first!.frArrival.article).toContain('Bienvenue');
    // The language switch and the alternates go to the same chapter in the other edition.
    expect(first!.frArrival.switch).toEqual([
      ['en', '../arrival.html'],
      ['fr', '../fr/arrival.html'],
    ]);
    expect(first!.enArrival.switch).toEqual([
      ['en', 'arrival.html'],
      ['fr', 'fr/arrival.html'],
    ]);
    expect(first!.frArrival.alternates).toEqual(first!.frArrival.switch);
    // A chapter without a translation is the original, in its own language, and says so in French.
    expect(first!.frDeparture.lang).toBe('fr');
    expect(first!.frDeparture.articleLang).toBe('en');
    expect(first!.frDeparture.article).toContain('Goodbye');
    expect(first!.frDeparture.notice).toMatch(/n’est pas encore traduit.*anglais/);
    expect(views[1]).toEqual(first);
    expect(views[2]).toEqual(first);
  });

  it('says a translation is outdated when its original was committed after it, to readers and in check', async () => {
    const root = await fixture('folders');
    const git = (args: string[], date: string) =>
      execFileSync(
        'git',
        ['-c', 'user.name=Editor', '-c', 'user.email=editor@example.org', ...args],
        {
          cwd: root,
          env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
        },
      );
    git(['init', '-q'], '2026-01-01T00:00:00Z');
    git(['add', '.'], '2026-01-01T00:00:00Z');
    git(['commit', '-qm', 'First edition'], '2026-01-01T00:00:00Z');
    const built = await build({ root, pdf: false });
    expect(built.ok).toBe(true);
    expect((await readerView(path.join(root, 'dist', 'fr', 'arrival.html'))).notice).toBeNull();

    const original = path.join(root, 'chapters', '01-arrival.md');
    await writeFile(original, `${await readFile(original, 'utf8')}\nA new paragraph.\n`);
    git(['commit', '-qam', 'The original grows'], '2026-02-01T00:00:00Z');
    const rebuilt = await build({ root, pdf: false });
    expect(rebuilt.ok).toBe(true);
    expect((await readerView(path.join(root, 'dist', 'fr', 'arrival.html'))).notice).toBe(
      'L’original a été modifié depuis cette traduction.',
    );
    const check = await runCli(['check', root], REPO);
    expect(check.stderr).toMatch(
      /chapters\/fr\/01-arrival\.md\n\s+warning\s+The original `chapters\/01-arrival\.md` was changed after this French translation.*translation/,
    );
  });

  it('fails a build that lacks a translation when requireComplete is set, naming what is missing', async () => {
    const root = await fixture('folders');
    const config = path.join(root, 'handbook.yml');
    await writeFile(config, `${await readFile(config, 'utf8')}requireComplete: true\n`);
    const result = await build({ root, pdf: false });
    expect(result.ok).toBe(false);
    expect(messageLines(result.diagnostics).join('\n')).toMatch(
      /handbook\.yml:\d+:\d+ .*French edition lacks 1 translation .*02-departure\.md/,
    );
  });

  it('prints the sample’s French PDF in French on every page, its contents right', async () => {
    const project = await copyProject(REPO);
    try {
      const result = await build({ root: project.dir });
      expect(result.ok).toBe(true);
      const french = result.editions!.find((e) => e.language === 'fr')!;
      expect(path.relative(project.dir, french.pdfPath!)).toBe(
        path.join('dist', 'fr', 'nato-peace-operations.fr.pdf'),
      );
      const pdf = await readPdf(french.pdfPath!);
      const front = frontCount(pdf);
      expect(
        pdf.pages
          .slice(0, front)
          .map((p) => p.lines.map((l) => l.text))
          .flat(),
      ).toEqual(
        expect.arrayContaining([
          'Contrôle du document',
          'Table des matières',
          'HISTORIQUE DES RÉVISIONS',
        ]),
      );
      const total = pdf.pages.length - front;
      for (const page of pdf.pages.slice(front)) {
        const text = page.lines.map((l) => l.text).join('\n');
        expect(text, `page ${page.label}`).toContain(`Page ${page.label} sur ${total}`);
        expect(text).not.toMatch(/\bPage \d+ of\b|\bChapter \d/);
      }
      expect(checkContents(pdf, french.book)).toEqual([]);
      const info = execFileSync('pdfinfo', [french.pdfPath!], { encoding: 'utf8' });
      expect(info).toMatch(/Title:\s+Les opérations de paix de l'OTAN/);
      expect(pdf.outline.map((o) => o.title).slice(0, 3)).toEqual([
        'Couverture',
        'Contrôle du document',
        'Table des matières',
      ]);
      // As accessible as the original: every check passes, links said in French.
      expect(failures(await accessibilityReport(french.pdfPath!))).toEqual({});
      expect(pdf.pages.map((p) => p.text).join('\n')).toContain('Classification : ');
    } finally {
      await project.done();
    }
  });
});
