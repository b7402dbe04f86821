import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { readFrontMatter } from '../../src/load/front-matter.ts';
import { checkLimits } from '../../src/load/limits.ts';
import { ChapterWork } from '../../src/transform/chapter-work.ts';
import { REPO } from '../helpers.ts';

// Property-based tests: generated and mutated Markdown through load (front-matter, limits)
// and transform (parse, links, sanitise, highlight). Whatever the input, the only outcome
// besides HTML is a message on the chapter: never an exception, never an internal error.
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
let fuzzed = 0;

async function throughTransform(source: string) {
  fuzzed++;
  const file = new VFile({ path: 'chapters/fuzz.md', value: source });
  const split = readFrontMatter(file, source);
  const within = split.ok && checkLimits(file, split.body);
  const work = new ChapterWork(REPO);
  const [parsed] = work.parse([
    { path: 'chapters/fuzz.md', source, body: within ? split.body : '', fallbackTitle: 'Fuzz' },
  ]);
  const index = {
    chapters: {
      'chapters/fuzz.md': { id: 'fuzz', anchors: parsed!.headings.map((h) => h.id), aliases: {} },
    },
    urls: {},
    chaptersDir: 'chapters',
    staticDirs: [],
  };
  const [rendered] = await work.render(['chapters/fuzz.md'], index);
  const messages = [
    ...file.messages.map((m) => ({ ruleId: m.ruleId, fatal: m.fatal, reason: m.reason })),
    ...parsed!.messages,
    ...rendered!.messages,
  ];
  return { messages, hast: rendered!.hast };
}

const markdownPiece = fc.oneof(
  fc.constantFrom(
    '# Title\n',
    '## Section\n',
    '### Sub section\n',
    '---\n',
    '> quote\n',
    '- item\n',
    '1. item\n',
    '  - nested\n',
    '| a | b |\n|---|---|\n| 1 | 2 |\n',
    '```js\nconst x = 1;\n```\n',
    '```\nplain\n```\n',
    '```klingon\nx\n```\n',
    ':::note\nInside.\n:::\n',
    ':::warning[Title]\n',
    ':::\n',
    ':::bogus\n',
    '::leaf\n',
    ':text[x]{y}',
    '[link](other.md#x)',
    '[link](#section)',
    '![img](missing.png)',
    '![img](https://example.org/x.png)',
    '<div>',
    '</div>',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:x">j</a>',
    '[^1]',
    '[^1]: note\n',
    '**bold**',
    '*em*',
    '~~del~~',
    '`code`',
    '<!-- c -->',
    '\\',
    '&amp;',
    '&#0;',
    '\u0000',
    '\r\n',
    '\t',
    '\u202e',
    '😀',
    '中文',
    'مرحبا',
    '\ufeff',
    '{{< hugo >}}',
    '{% jekyll %}',
    'https://example.org',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const frontMatter = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '---\ntitle: T\n---\n',
    '---\n---\n',
    '---js\n{}\n---\n',
    '---\n: :\n---\n',
    '---\ntitle: [\n---\n',
    '---\norder: x\n---\n',
    '---\n- a\n---\n',
  ),
  fc.string({ maxLength: 30 }).map((s) => `---\n${s}\n---\n`),
);

describe('fuzzing load and transform', () => {
  it('turns generated Markdown into HTML or messages, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(
        frontMatter,
        fc.array(markdownPiece, { maxLength: 40 }),
        async (head, pieces) => {
          const { messages } = await throughTransform(head + pieces.join(''));
          expect(messages.filter((m) => m.ruleId === 'internal')).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('survives random mutations of the sample chapters', async () => {
    const dir = path.join(REPO, 'chapters');
    const sources: string[] = [];
    for (const entry of await readdir(dir, { recursive: true })) {
      if (entry.endsWith('.md')) sources.push(await readFile(path.join(dir, entry), 'utf8'));
    }
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 12 }),
      insert: fc.oneof(markdownPiece, fc.string({ unit: 'binary', maxLength: 6 })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: sources.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        async (which, mutations) => {
          let text = sources[which]!;
          for (const { at, remove, insert } of mutations) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + remove);
          }
          const { messages } = await throughTransform(text);
          expect(messages.filter((m) => m.ruleId === 'internal')).toEqual([]);
        },
      ),
      { seed: SEED + 1, numRuns: RUNS },
    );
    console.info(`inputs fuzzed: ${fuzzed} (seed ${SEED}, ${RUNS} runs per property)`);
  });
});
