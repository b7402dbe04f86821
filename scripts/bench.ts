// `npm run bench`: build generated handbooks of 12, 200 and 800 chapters (about 30, 500
// and 2,000 pages) and compare each stage with its floor. Every run is a fresh process;
// the table shows medians and ratios; the results are written as JSON as well.
//   npm run bench [-- --quick] [--json FILE] [--compare FILE]
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateBook } from './generate-book.ts';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const quick = args.includes('--quick');

interface SizePlan {
  chapters: number;
  htmlRuns: number;
  pdfRuns: number;
}

const PLAN: SizePlan[] = quick
  ? [
      { chapters: 12, htmlRuns: 3, pdfRuns: 2 },
      { chapters: 200, htmlRuns: 3, pdfRuns: 1 },
    ]
  : [
      { chapters: 12, htmlRuns: 5, pdfRuns: 3 },
      { chapters: 200, htmlRuns: 5, pdfRuns: 3 },
      { chapters: 800, htmlRuns: 3, pdfRuns: 1 },
    ];

/** One measurement in a fresh Node process (so each run starts cold). */
async function measure<T>(mode: string, ...rest: string[]): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(HERE, 'bench-child.ts'), mode, ...rest],
    { maxBuffer: 16 * 1024 * 1024, timeout: 30 * 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function times(runs: number, mode: string, ...rest: string[]): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < runs; i++) result.push((await measure<{ ms: number }>(mode, ...rest)).ms);
  return result;
}

interface SizeResult {
  chapters: number;
  pages: number;
  htmlFloorMs: number;
  htmlColdMs: number;
  htmlRatio: number;
  rebuildMs: number;
  rebuildShare: number;
  heapFirstMb: number;
  heapLastMb: number;
  pdfFloorMs: number;
  pdfBuildMs: number;
  pdfRatio: number;
  prints: number;
  buildRssMb: number;
  browserRssMb: number;
  tocVerified: boolean;
  runs: { html: number; pdf: number };
}

async function benchSize(plan: SizePlan): Promise<SizeResult> {
  const work = path.join(os.tmpdir(), `handbook-bench-${plan.chapters}`);
  const root = path.join(work, 'book');
  const out = path.join(work, 'out');
  await generateBook(root, plan.chapters, 42);
  // Each build run beside a floor run, alternately: a noisy machine then slows both alike.
  log(`${plan.chapters} chapters: HTML floor and cold builds…`);
  const htmlFloor: number[] = [];
  const htmlCold: number[] = [];
  for (let i = 0; i < plan.htmlRuns; i++) {
    htmlFloor.push(...(await times(1, 'floorHtml', root)));
    htmlCold.push(...(await times(1, 'html', root, out)));
  }
  log(`${plan.chapters} chapters: rebuilds after a one-chapter edit…`);
  const rebuild = await measure<{ cold: number; times: number[]; heapMb: number[] }>(
    'rebuild',
    root,
    out + '-dev',
    '30',
  );
  await generateBook(root, plan.chapters, 42); // undo the edits
  log(`${plan.chapters} chapters: PDF builds and floor…`);
  const pdfRuns: {
    ms: number;
    rssMb: number;
    browserRssMb: number;
    pages: number;
    prints: number;
    tocVerified: boolean;
  }[] = [];
  const pdfFloor: number[] = [];
  for (let i = 0; i < plan.pdfRuns; i++) {
    pdfRuns.push(await measure('pdf', root, out));
    // The floor prints the print.html that this build left.
    pdfFloor.push(...(await times(1, 'floorPdf', root, out)));
  }
  await rm(work, { recursive: true, force: true });

  const htmlFloorMs = median(htmlFloor);
  const htmlColdMs = median(htmlCold);
  const rebuildMs = median(rebuild.times);
  const pdfFloorMs = median(pdfFloor);
  const pdfBuildMs = median(pdfRuns.map((r) => r.ms));
  return {
    chapters: plan.chapters,
    pages: pdfRuns[0]!.pages,
    htmlFloorMs,
    htmlColdMs,
    htmlRatio: median(htmlCold.map((ms, i) => ms / htmlFloor[i]!)),
    rebuildMs,
    rebuildShare: rebuildMs / htmlColdMs,
    heapFirstMb: rebuild.heapMb[0]!,
    heapLastMb: rebuild.heapMb[rebuild.heapMb.length - 1]!,
    pdfFloorMs,
    pdfBuildMs,
    pdfRatio: median(pdfRuns.map((run, i) => run.ms / pdfFloor[i]!)),
    prints: Math.max(...pdfRuns.map((r) => r.prints)),
    buildRssMb: Math.max(...pdfRuns.map((r) => r.rssMb)),
    browserRssMb: Math.max(...pdfRuns.map((r) => r.browserRssMb)),
    tocVerified: pdfRuns.every((r) => r.tocVerified),
    runs: { html: plan.htmlRuns, pdf: plan.pdfRuns },
  };
}

function log(line: string) {
  process.stderr.write(`  ${line}\n`);
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const pad = (cells: string[], widths: number[]) =>
  cells.map((c, i) => c.padStart(widths[i]!)).join('  ');

function table(results: SizeResult[], previous?: SizeResult[]): string {
  const head = [
    'chapters',
    'pages',
    'HTML floor',
    'HTML cold',
    'ratio',
    'rebuild',
    'of cold',
    'PDF floor',
    'PDF build',
    'ratio',
    'prints',
    'build RSS',
    'browser RSS',
    'heap 1st→30th rebuild',
    'TOC',
  ];
  const rows = results.map((r) => [
    String(r.chapters),
    String(r.pages),
    s(r.htmlFloorMs),
    s(r.htmlColdMs),
    x(r.htmlRatio),
    `${r.rebuildMs.toFixed(0)} ms`,
    `${(r.rebuildShare * 100).toFixed(1)}%`,
    s(r.pdfFloorMs),
    s(r.pdfBuildMs),
    x(r.pdfRatio),
    String(r.prints),
    `${r.buildRssMb.toFixed(0)} MB`,
    `${r.browserRssMb.toFixed(0)} MB`,
    `${r.heapFirstMb.toFixed(0)}→${r.heapLastMb.toFixed(0)} MB`,
    r.tocVerified ? 'ok' : 'WRONG',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const lines = [
    pad(head, widths),
    pad(
      head.map((_, i) => '-'.repeat(widths[i]!)),
      widths,
    ),
    ...rows.map((r) => pad(r, widths)),
  ];
  if (previous) {
    lines.push('', 'Compared with the earlier run (new ÷ old, below 1 is faster):');
    for (const r of results) {
      const old = previous.find((p) => p.chapters === r.chapters);
      if (!old) continue;
      lines.push(
        `  ${r.chapters} chapters: HTML cold ${x(r.htmlColdMs / old.htmlColdMs)}, rebuild ${x(r.rebuildMs / old.rebuildMs)}, PDF build ${x(r.pdfBuildMs / old.pdfBuildMs)}`,
      );
    }
  }
  return lines.join('\n');
}

async function chromiumVersion(): Promise<string> {
  try {
    const { stdout } = await run('/usr/bin/chromium', ['--version']);
    return stdout.trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${await chromiumVersion()}`;
process.stderr.write(`Handbook Press benchmark on ${machine}\n`);
const results: SizeResult[] = [];
for (const plan of PLAN) results.push(await benchSize(plan));

const jsonPath = path.resolve(option('--json') ?? 'bench-results.json');
const comparePath = option('--compare');
const previous = comparePath
  ? (JSON.parse(await readFile(comparePath, 'utf8')) as { results: SizeResult[] }).results
  : undefined;
process.stdout.write(
  `\nHandbook Press benchmark — ${machine}\nMedians of fresh-process runs (HTML: ${results.map((r) => r.runs.html).join('/')}, PDF: ${results.map((r) => r.runs.pdf).join('/')} runs per size; each ratio is the median of the ratios of runs made one after the other).\n`,
);
process.stdout.write(
  `HTML floor: the same files through bare unified (remark-parse, remark-gfm, remark-rehype, rehype-stringify) in one thread.\n`,
);
process.stdout.write(
  `PDF floor: one load and one page.pdf() of the final print.html in an already running Chromium.\n\n`,
);
process.stdout.write(`${table(results, previous)}\n`);
await writeFile(
  jsonPath,
  `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`,
);
process.stdout.write(`\nResults written to ${path.relative(process.cwd(), jsonPath)}\n`);
