import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli, tempDir } from '../helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

async function temp() {
  const t = await tempDir();
  cleanups.push(t.done);
  return t.dir;
}

const SEEDED = path.join(REPO, 'tests', 'books', 'check-problems');

describe('handbook check', () => {
  it('finds every seeded problem at its position', async () => {
    const run = await runCli(['check', SEEDED], REPO, { HANDBOOK_TODAY: '2026-11-24' });
    expect(run.code).toBe(1);
    const expected = [
      /01-problems\.md\n7:73\s+warning\s+Acronym `KFOR` is used before it is spelled out/,
      /10:1-10:37\s+warning\s+Heading level 4 follows level 1: a level is skipped \(use ##\)\s+heading-level/,
      /14:1-14:60\s+error\s+Duplicate id `mandate` \(first at 12:1\)/,
      /16:5-16:39\s+warning\s+No chapter `chapters\/09-missing\.md`; the link is left as text\s+broken-link/,
      /16:44-16:83\s+warning\s+No heading or anchor `#nowhere` in `chapters\/02-stale\.md`/,
      /18:1-18:39\s+warning\s+No image `chapters\/images\/missing\.png`; its description is shown instead\s+missing-image/,
      /20:36\s+warning\s+`Ꮳ` \(U\+13E3\) is in no font of the theme: it prints in whatever font the machine has, or as boxes; add a @fontsource package for them to theme\.json\s+missing-glyph/,
      /02-stale\.md\n1:1\s+warning\s+No `classification` in the front-matter/,
      /3:1\s+warning\s+Last reviewed 2024-01-15, 1044 days ago: longer than the review period of 365 days\s+review/,
      /03-bad-front-matter\.md\n3:8\s+error\s+Front-matter `order`: expected number, received string/,
    ];
    for (const pattern of expected) expect(run.stderr).toMatch(pattern);
    // The UN is in knownAcronyms and NATO is spelled out: neither is reported.
    expect(run.stderr).not.toMatch(/Acronym `(UN|NATO)`/);
  });

  it('reports as JSON for CI', async () => {
    const run = await runCli(['check', SEEDED, '--format', 'json'], REPO, {
      HANDBOOK_TODAY: '2026-11-24',
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      errors: number;
      warnings: number;
      files: {
        path: string;
        messages: { line: number; column: number; severity: string; ruleId: string }[];
      }[];
    };
    expect(report).toMatchObject({ ok: false, errors: 2, warnings: 8 });
    const rules = report.files.flatMap((f) =>
      f.messages.map(
        (m) => `${path.basename(f.path)}:${m.line}:${m.column} ${m.severity} ${m.ruleId}`,
      ),
    );
    expect(rules).toContain('01-problems.md:16:5 warning handbook:broken-link');
    expect(rules).toContain('02-stale.md:3:1 warning handbook:review');
  });

  it('finds nothing wrong with the bundled handbook', async () => {
    const run = await runCli(['check'], REPO);
    expect(run.stderr).toBe('No problems found.\n');
    expect(run.code).toBe(0);
  });

  it('never runs ---js front-matter either', async () => {
    const dir = await temp();
    await mkdir(path.join(dir, 'chapters'));
    const marker = path.join(dir, 'ran');
    await writeFile(
      path.join(dir, 'chapters', 'a.md'),
      `---js\n{ t: require('fs').writeFileSync(${JSON.stringify(marker)}, '1') }\n---\n`,
    );
    const run = await runCli(['check', dir], REPO);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is code and is never run');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('handbook new and init', () => {
  it('starts a handbook that builds at once, and never writes over one', async () => {
    const dir = path.join(await temp(), 'field-guide');
    const init = await runCli(['init', dir], REPO);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('Created a handbook in');
    const built = await runCli(['build', dir, '-q'], REPO);
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'dist', 'field-guide.pdf'))).toBe(true);
    expect((await runCli(['check', dir], REPO)).code).toBe(0);

    const again = await runCli(['init', dir], REPO);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a handbook');
  });

  it('adds the next numbered chapter with its front-matter filled in', async () => {
    const dir = await temp();
    await mkdir(path.join(dir, 'chapters', '02-missions'), { recursive: true });
    await writeFile(path.join(dir, 'chapters', '01-intro.md'), '# Intro\n');
    await writeFile(path.join(dir, 'chapters', '02-missions', '01-kosovo.md'), '# Kosovo\n');
    await writeFile(path.join(dir, 'handbook.yml'), 'classification: RESTRICTED\n');
    const top = await runCli(['new', 'chapter', 'Rules of Engagement', '--dir', dir], REPO);
    expect(top.code, top.stderr).toBe(0);
    const file = path.join(dir, 'chapters', '03-rules-of-engagement.md');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(
      /^---\ntitle: Rules of Engagement\nsummary: .+\nclassification: RESTRICTED\nreviewed: \d{4}-\d{2}-\d{2}\n---\n/,
    );
    const inPart = await runCli(
      ['new', 'chapter', 'Iraq', '--dir', dir, '--part', '02-missions'],
      REPO,
    );
    expect(inPart.code).toBe(0);
    expect(existsSync(path.join(dir, 'chapters', '02-missions', '02-iraq.md'))).toBe(true);
    expect((await runCli(['build', dir, '--no-pdf', '-q'], REPO)).code).toBe(0);
    expect((await runCli(['new', 'appendix', 'X', '--dir', dir], REPO)).code).toBe(2);
  });
});

describe('progress', () => {
  it('prints plain stage lines in CI and with NO_COLOR', async () => {
    const dir = await temp();
    await mkdir(path.join(dir, 'chapters'));
    await writeFile(path.join(dir, 'chapters', 'a.md'), '# A\n');
    const run = await runCli(['build', dir, '--no-pdf'], REPO, { NO_COLOR: '1', CI: 'true' });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^ {2}\[\d+\.\d s\] load\n {2}\[\d+\.\d s\] transform 1 chapters\n {2}\[\d+\.\d s\] render\n {2}\[\d+\.\d s\] search 1 pages\n {2}\[\d+\.\d s\] write /m,
    );
    expect(run.stderr).not.toContain('\x1b[');
    const quiet = await runCli(['build', dir, '--no-pdf', '--quiet'], REPO, { CI: 'true' });
    expect(quiet.stderr).toBe('');
  });
});
