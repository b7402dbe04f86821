// A deterministic generator of realistic handbooks, for the tests and the benchmark:
// chapters with front-matter, sections, lists, tables, code, footnotes and links between
// chapters. The same seed and size always give the same files.
//   npx tsx scripts/generate-book.ts OUT_DIR CHAPTERS [SEED]
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const WORDS = (
  'mission mandate force command staff liaison civilian authority security stability operation ' +
  'patrol ceasefire protection reconciliation agency council resolution deployment logistics ' +
  'training advisory partner nation region sector headquarters coordination planning assessment ' +
  'report brief transition capacity institution election refugee return monitoring checkpoint ' +
  'engineer medical transport interoperability exercise doctrine review risk threat response'
).split(' ');
const TITLES = [
  'Overview',
  'Mandate and authority',
  'Tasks on the ground',
  'Coordination',
  'Risks and mitigations',
  'Assessment',
  'Lessons',
  'Outlook',
];

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same handbook. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedBook {
  root: string;
  chapterFiles: string[];
}

/** Write a handbook of `chapters` chapters (about 2.5 A4 pages each) into `root`. */
export async function generateBook(
  root: string,
  chapters: number,
  seed = 1,
): Promise<GeneratedBook> {
  const rand = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const sentence = (min = 10, max = 22) => {
    const n = min + Math.floor(rand() * (max - min));
    const words = Array.from({ length: n }, () => pick(WORDS));
    return `${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)}.`;
  };
  const paragraph = (sentences = 4) =>
    Array.from({ length: sentences }, () => sentence()).join(' ');

  await rm(root, { recursive: true, force: true });
  const files: string[] = [];
  const perPart = 10;
  const location = (i: number) => {
    const part = Math.floor(i / perPart) + 1;
    return {
      dir: `${String(part).padStart(2, '0')}-part-${part}`,
      file: `${String((i % perPart) + 1).padStart(2, '0')}-chapter-${i + 1}.md`,
    };
  };
  for (let i = 0; i < chapters; i++) {
    const { dir, file } = location(i);
    const sections = TITLES.slice(0, 3 + (i % 2));
    const lines: string[] = [
      '---',
      `title: Chapter ${i + 1} ${pick(WORDS)} ${pick(WORDS)}`,
      `summary: ${sentence(8, 14)}`,
      `classification: ${i % 7 === 3 ? 'RESTRICTED' : 'UNCLASSIFIED'}`,
      '---',
      '',
      paragraph(4),
      '',
    ];
    sections.forEach((title, s) => {
      lines.push(`## ${title}`, '', paragraph(3), '');
      if (s === 1) {
        const other = location(Math.floor(rand() * chapters));
        const rel = path.posix.relative(dir, `${other.dir}/${other.file}`);
        lines.push(
          `See [the related mandate](${rel}#mandate-and-authority) and [the overview](${rel}#overview).`,
          '',
        );
      }
      if (s === 2) lines.push(...Array.from({ length: 4 }, () => `- ${sentence(6, 12)}`), '');
      if (s === 3 && i % 2 === 0) {
        lines.push('| Sector | Units | Status |', '|---|---:|---|');
        for (let r = 0; r < 6; r++)
          lines.push(`| ${pick(WORDS)} | ${Math.floor(rand() * 900)} | ${pick(WORDS)} |`);
        lines.push('');
      }
      if (s === 3 && i % 3 === 0)
        lines.push(
          '```yaml',
          `sector: ${pick(WORDS)}`,
          `strength: ${Math.floor(rand() * 5000)}`,
          '```',
          '',
        );
      lines.push(
        `### ${title} in detail`,
        '',
        `${paragraph(3)}[^n${s}]`,
        '',
        `[^n${s}]: ${sentence(6, 10)}`,
        '',
      );
    });
    const target = path.join(root, 'chapters', dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, lines.join('\n'));
    files.push(target);
  }
  await writeFile(
    path.join(root, 'handbook.yml'),
    [
      `title: Generated handbook ${chapters}`,
      'organisation: Handbook Press benchmark',
      "date: '2026-01-01'",
      'markings: [UNCLASSIFIED, RESTRICTED, SECRET]',
      'revisions:',
      "  - { version: '1.0', date: '2026-01-01', changes: Generated. }",
      '',
    ].join('\n'),
  );
  return { root, chapterFiles: files };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const [out, count, seed] = process.argv.slice(2);
  if (!out || !count) {
    console.error('usage: npx tsx scripts/generate-book.ts OUT_DIR CHAPTERS [SEED]');
    process.exit(2);
  }
  await generateBook(path.resolve(out), Number(count), seed ? Number(seed) : 1);
}
