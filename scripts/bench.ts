// `npm run bench`: build generated handbooks of 12, 200 and 800 chapters (about 30, 500
// and 2,000 pages) and compare each stage with its floor. Every run is a fresh process;
// the table shows medians and ratios; the results are written as JSON as well.
// With --peers, md-to-pdf and Pandoc + WeasyPrint run on the 200-chapter corpus in the
// same run, and every PDF's contents are checked from the PDF itself.
//   npm run bench [-- --quick] [--peers] [--json FILE] [--compare FILE]
import { execFile } from 'node:child_process';
import { access, cp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hasCommand } from './bench-peers.ts';
import { generateBook } from './generate-book.ts';
import { generateDiagrams } from './generate-diagrams.ts';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const quick = args.includes('--quick');
const withPeers = args.includes('--peers');
const PEERS_DIR = path.join(HERE, '..', 'node_modules', '.cache', 'handbook-press', 'bench-peers');
const REAL = path.join(HERE, '..', '..', 'shared', 'realworld', 'wp-cli-handbook');

interface SizePlan {
  chapters: number;
  htmlRuns: number;
  pdfRuns: number;
}

const PLAN: SizePlan[] = quick
  ? [
      { chapters: 12, htmlRuns: 3, pdfRuns: 2 },
      // Three PDF runs at 200 chapters, as md-to-pdf gets: the rows are compared.
      { chapters: 200, htmlRuns: 3, pdfRuns: 3 },
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

interface Contents {
  numbered: number;
  right: number;
  chapters: number;
}

interface PdfRun {
  ms: number;
  rssMb: number;
  browserRssMb: number;
  pages: number;
  prints: number;
  drafted: boolean;
  kept: number;
  pieces: number;
  tocVerified?: boolean;
  contents?: Contents;
  /** One `chromium --print-to-pdf` of the build's print.html (clean builds only). */
  chromiumAlone?: { ms: number; pages: number };
}

interface PeerResult {
  name: string;
  ms: number;
  runs: number;
  contents: Contents;
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
  pdfFloorPages: number;
  /** Chromium alone printing our print.html, and its ratios to the floor and to our build. */
  aloneMs: number;
  aloneRatio: number;
  buildPerAlone: number;
  pdfBuildMs: number;
  pdfRatio: number;
  pdfRebuildMs: number;
  pdfRebuildRatio: number;
  prints: number;
  rebuildPrints: number;
  rebuildDrafted: boolean;
  /** Pieces a rebuild took from the build before it, of all. */
  rebuildKept: string;
  buildRssMb: number;
  browserRssMb: number;
  tocVerified: boolean;
  contents: Contents;
  msPerPage: number;
  peers: PeerResult[];
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
  log(`${plan.chapters} chapters: PDF builds, rebuilds and floor…`);
  const pdfRuns: PdfRun[] = [];
  const pdfRebuilds: PdfRun[] = [];
  const pdfFloor: number[] = [];
  let pdfFloorPages = 0;
  for (let i = 0; i < plan.pdfRuns; i++) {
    const floor = await measure<{ ms: number; pages: number }>('floorPdf', root, out + '-floor');
    pdfFloor.push(floor.ms);
    pdfFloorPages = floor.pages;
    pdfRuns.push(await measure<PdfRun>('pdf', root, out));
    pdfRebuilds.push(await measure<PdfRun>('pdfRebuild', root, out + '-rebuild'));
    await generateBook(root, plan.chapters, 42); // undo the edit
  }
  const peers = withPeers && plan.chapters === 200 ? await benchPeers(root, work) : [];
  await rm(work, { recursive: true, force: true });

  const htmlFloorMs = median(htmlFloor);
  const htmlColdMs = median(htmlCold);
  const rebuildMs = median(rebuild.times);
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
    pdfFloorMs: median(pdfFloor),
    pdfFloorPages,
    aloneMs: median(pdfRuns.map((r) => r.chromiumAlone!.ms)),
    aloneRatio: median(pdfRuns.map((r, i) => r.chromiumAlone!.ms / pdfFloor[i]!)),
    buildPerAlone: median(pdfRuns.map((r) => r.ms / r.chromiumAlone!.ms)),
    pdfBuildMs,
    pdfRatio: median(pdfRuns.map((run, i) => run.ms / pdfFloor[i]!)),
    pdfRebuildMs: median(pdfRebuilds.map((r) => r.ms)),
    pdfRebuildRatio: median(pdfRebuilds.map((run, i) => run.ms / pdfFloor[i]!)),
    prints: Math.max(...pdfRuns.map((r) => r.prints)),
    rebuildPrints: Math.max(...pdfRebuilds.map((r) => r.prints)),
    rebuildDrafted: pdfRebuilds.some((r) => r.drafted),
    rebuildKept: `${Math.min(...pdfRebuilds.map((r) => r.kept))}/${pdfRebuilds[0]!.pieces}`,
    buildRssMb: Math.max(...pdfRuns.map((r) => r.rssMb)),
    browserRssMb: Math.max(...pdfRuns.map((r) => r.browserRssMb)),
    tocVerified: pdfRuns.every((r) => r.tocVerified),
    contents: worst([...pdfRuns, ...pdfRebuilds].map((r) => r.contents!)),
    msPerPage: pdfBuildMs / pdfRuns[0]!.pages,
    peers,
    runs: { html: plan.htmlRuns, pdf: plan.pdfRuns },
  };
}

/** The run whose contents had the fewest right entries. */
const worst = (all: Contents[]) => all.reduce((a, b) => (b.right < a.right ? b : a));

/** md-to-pdf (three runs) and Pandoc + WeasyPrint (one: it takes a minute) on this corpus. */
async function benchPeers(root: string, work: string): Promise<PeerResult[]> {
  const peers: PeerResult[] = [];
  log('peers: md-to-pdf (installed into node_modules/.cache on first use)…');
  try {
    const runs: { ms: number; contents: Contents }[] = [];
    for (let i = 0; i < 3; i++)
      runs.push(await measure('mdToPdf', root, path.join(work, 'md-to-pdf'), PEERS_DIR));
    peers.push(peer('md-to-pdf 5', runs));
  } catch (error) {
    log(`md-to-pdf left out: ${(error as Error).message.split('\n')[0]}`);
  }
  if ((await hasCommand('pandoc')) && (await hasCommand('weasyprint'))) {
    log('peers: Pandoc + WeasyPrint…');
    const runs = [
      await measure<{ ms: number; contents: Contents }>('pandoc', root, path.join(work, 'pandoc')),
    ];
    peers.push(peer('Pandoc + WeasyPrint', runs));
  } else {
    log('Pandoc + WeasyPrint left out: not installed (apt-get install -y pandoc weasyprint)');
  }
  return peers;
}

const peer = (name: string, runs: { ms: number; contents: Contents }[]): PeerResult => ({
  name,
  ms: median(runs.map((r) => r.ms)),
  runs: runs.length,
  contents: worst(runs.map((r) => r.contents)),
});

/** What a numbered copy costs: stamped onto the finished PDF of the 200-chapter corpus. */
async function benchCopies(): Promise<{
  pages: number;
  buildMs: number;
  prepareMs: number;
  copyMs: number;
}> {
  log('numbered copies: one build, then 20 copies stamped onto its PDF…');
  const work = path.join(os.tmpdir(), 'handbook-bench-copies');
  await generateBook(path.join(work, 'book'), 200, 42);
  const result = await measure<{
    buildMs: number;
    pages: number;
    prepareMs: number;
    times: number[];
  }>('copies', path.join(work, 'book'), path.join(work, 'out'));
  await rm(work, { recursive: true, force: true });
  return {
    pages: result.pages,
    buildMs: result.buildMs,
    prepareMs: result.prepareMs,
    copyMs: median(result.times),
  };
}

/**
 * 400 Mermaid diagrams (50 chapters of 8, every type handbooks use), HTML edition: drawn
 * cold, read from the cache, and after one diagram was edited; beside the same book with
 * the fences as plain code, to tell what drawing costs per diagram. One run each.
 */
async function benchDiagrams(): Promise<DiagramRun> {
  log('diagrams: 400 drawn cold, from the cache, after one edit, and as plain code…');
  const work = path.join(os.tmpdir(), 'handbook-bench-diagrams');
  const book = path.join(work, 'book');
  const plain = path.join(work, 'plain');
  const count = await generateDiagrams(book, 50, 8);
  await generateDiagrams(plain, 50, 8, true);
  const cache = path.join(work, 'cache');
  const once = async (root: string, dir: string) =>
    (await measure<{ ms: number }>('htmlCached', root, path.join(work, 'out'), dir)).ms;
  const plainMs = await once(plain, path.join(work, 'plain-cache'));
  const coldMs = await once(book, cache);
  const cachedMs = await once(book, cache);
  const first = path.join(book, 'chapters', '001-chapter-1.md');
  await writeFile(
    first,
    (await readFile(first, 'utf8')).replace('Command 1]', 'Command 1, edited]'),
  );
  const editedMs = await once(book, cache);
  await rm(work, { recursive: true, force: true });
  return { count, plainMs, coldMs, cachedMs, editedMs };
}

interface DiagramRun {
  count: number;
  plainMs: number;
  coldMs: number;
  cachedMs: number;
  editedMs: number;
}

/** One clean build of the shared WP-CLI handbook: a real one, not generated. */
async function benchReal(): Promise<{ pages: number; ms: number; msPerPage: number } | undefined> {
  if (!(await exists(REAL))) return undefined;
  log('WP-CLI handbook (../shared/realworld): one clean build…');
  const work = path.join(os.tmpdir(), 'handbook-bench-wp-cli');
  await rm(work, { recursive: true, force: true });
  await cp(REAL, path.join(work, 'book'), { recursive: true });
  const result = await measure<PdfRun>('realPdf', path.join(work, 'book'), path.join(work, 'out'));
  await rm(work, { recursive: true, force: true });
  return { pages: result.pages, ms: result.ms, msPerPage: result.ms / result.pages };
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

function log(line: string) {
  process.stderr.write(`  ${line}\n`);
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const pad = (cells: string[], widths: number[]) =>
  cells.map((c, i) => c.padStart(widths[i]!)).join('  ');

/** Right-aligned columns under a header and a rule. */
function grid(head: string[], rows: string[][], nameFirst = false): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const rule = head.map((_, i) => '-'.repeat(widths[i]!));
  return [head, rule, ...rows]
    .map((cells) => {
      const line = pad(cells, widths);
      // A first column of names reads better left-aligned.
      return nameFirst ? cells[0]!.padEnd(widths[0]!) + line.slice(widths[0]!) : line;
    })
    .join('\n');
}

const contentsCell = (c: Contents) =>
  c.numbered === 0 ? 'no page numbers' : `${c.right}/${c.chapters} right`;

function htmlTable(results: SizeResult[]): string {
  return grid(
    ['chapters', 'HTML floor', 'HTML cold', 'ratio', 'dev rebuild', 'of cold', 'heap 1st→30th'],
    results.map((r) => [
      String(r.chapters),
      s(r.htmlFloorMs),
      s(r.htmlColdMs),
      x(r.htmlRatio),
      `${r.rebuildMs.toFixed(0)} ms`,
      `${(r.rebuildShare * 100).toFixed(1)}%`,
      `${r.heapFirstMb.toFixed(0)}→${r.heapLastMb.toFixed(0)} MB`,
    ]),
  );
}

function pdfTable(results: SizeResult[]): string {
  return grid(
    [
      'chapters',
      'pages',
      'PDF floor',
      'cold build',
      'ratio',
      'prints',
      'rebuild',
      'ratio',
      'prints',
      'per page',
      'build RSS',
      'browser RSS',
      'contents',
    ],
    results.map((r) => [
      String(r.chapters),
      String(r.pages),
      s(r.pdfFloorMs),
      s(r.pdfBuildMs),
      x(r.pdfRatio),
      String(r.prints),
      s(r.pdfRebuildMs),
      x(r.pdfRebuildRatio),
      `${r.rebuildPrints}${r.rebuildDrafted ? '+draft' : ''}, ${r.rebuildKept} kept`,
      `${r.msPerPage.toFixed(1)} ms`,
      `${r.buildRssMb.toFixed(0)} MB`,
      `${r.browserRssMb.toFixed(0)} MB`,
      `${contentsCell(r.contents)}${r.tocVerified ? '' : ', print.html check WRONG'}`,
    ]),
  );
}

/** The floor beside Chromium alone printing our own print document, page for page. */
function engineTable(results: SizeResult[]): string {
  return grid(
    [
      'chapters',
      'PDF floor',
      'its pages',
      'Chromium alone',
      'our pages',
      'vs floor',
      'per page vs floor',
      'cold build ÷ it',
    ],
    results.map((r) => [
      String(r.chapters),
      s(r.pdfFloorMs),
      String(r.pdfFloorPages),
      s(r.aloneMs),
      String(r.pages),
      x(r.aloneRatio),
      x(r.aloneRatio * (r.pdfFloorPages / r.pages)),
      x(r.buildPerAlone),
    ]),
  );
}

function peersTable(r: SizeResult): string {
  const ours = [
    ['Handbook Press, clean build', r.pdfBuildMs, r.runs.pdf, r.contents] as const,
    ['Handbook Press, after a one-chapter edit', r.pdfRebuildMs, r.runs.pdf, r.contents] as const,
  ];
  const rows = [...ours, ...r.peers.map((p) => [p.name, p.ms, p.runs, p.contents] as const)];
  return grid(
    ['tool', 'time', 'runs', 'vs floor', 'contents'],
    rows.map(([name, ms, runs, contents]) => [
      name,
      s(ms),
      String(runs),
      x(ms / r.pdfFloorMs),
      contentsCell(contents),
    ]),
    true,
  );
}

function comparison(results: SizeResult[], previous: SizeResult[]): string {
  const lines = ['Compared with the earlier run (new ÷ old, below 1 is faster):'];
  for (const r of results) {
    const old = previous.find((p) => p.chapters === r.chapters);
    if (!old) continue;
    lines.push(
      `  ${r.chapters} chapters: HTML cold ${x(r.htmlColdMs / old.htmlColdMs)}, dev rebuild ${x(r.rebuildMs / old.rebuildMs)}, PDF build ${x(r.pdfBuildMs / old.pdfBuildMs)}`,
    );
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
const real = quick ? undefined : await benchReal();
const copies = await benchCopies();
const diagrams = await benchDiagrams();

const jsonPath = path.resolve(option('--json') ?? 'bench-results.json');
const comparePath = option('--compare');
const previous = comparePath
  ? (JSON.parse(await readFile(comparePath, 'utf8')) as { results: SizeResult[] }).results
  : undefined;
const say = (text: string) => process.stdout.write(`${text}\n`);
say(`\nHandbook Press benchmark — ${machine}`);
say(
  `Medians of fresh-process runs (HTML: ${results.map((r) => r.runs.html).join('/')}, PDF: ${results.map((r) => r.runs.pdf).join('/')} runs per size); each ratio is the median of the ratios of runs made one after the other.`,
);
say(
  '\nHTML edition. Floor: the same files through bare unified (remark-parse, remark-gfm, remark-rehype, rehype-stringify) in one thread; dev rebuild: `handbook dev` after a one-chapter edit.\n',
);
say(htmlTable(results));
say(
  "\nBoth editions, PDF included: `handbook build` in a process of its own, clean (--no-cache) and after a one-chapter edit (with the cache the build before left). Floor: one bare unified pass over the chapters joined into one page, and one `chromium --print-to-pdf` of it. Contents: each chapter's entry read from the PDF's text and compared with the label of the page the chapter starts on.\n",
);
say(pdfTable(results));
say(
  "\nWhat printing our pages costs by itself: one `chromium --print-to-pdf` of the clean build's print.html (numbers filled in, the theme's fonts and page rules), nothing else, beside the floor's print of bare HTML. Our theme's pages are fewer to the sheet, so there are more of them.\n",
);
say(engineTable(results));
if (real)
  say(
    `\nWP-CLI handbook (../shared/realworld, a real one): ${real.pages} pages in ${s(real.ms)}, ${real.msPerPage.toFixed(1)} ms per page.`,
  );
say(
  `\nNumbered copies (\`--copies\`), stamped onto the finished PDF of 200 chapters (${copies.pages} pages): ${s(copies.copyMs)} per copy written, median of 20, ${((copies.copyMs / copies.buildMs) * 100).toFixed(1)} % of its build (${s(copies.buildMs)}), after ${s(copies.prepareMs)} once to read the PDF and embed the marks' fonts.`,
);
const perDiagram = (ms: number) => `${((ms - diagrams.plainMs) / diagrams.count).toFixed(1)} ms`;
say(
  `\nDiagrams: ${diagrams.count} Mermaid diagrams in 50 chapters, HTML edition: ${s(diagrams.coldMs)} drawn cold (${perDiagram(diagrams.coldMs)} per diagram over the same book with the fences as plain code, ${s(diagrams.plainMs)}), ${s(diagrams.cachedMs)} from the cache (${perDiagram(diagrams.cachedMs)} per diagram), ${s(diagrams.editedMs)} after one diagram was edited. One run each.`,
);
const withPeerRows = results.find((r) => r.peers.length > 0);
if (withPeerRows) {
  say(
    `\nPeers on the ${withPeerRows.chapters}-chapter corpus, given the chapters as one Markdown file:\n`,
  );
  say(peersTable(withPeerRows));
}
if (previous) say(`\n${comparison(results, previous)}`);
await writeFile(
  jsonPath,
  `${JSON.stringify({ date: new Date().toISOString(), machine, results, real, copies, diagrams }, null, 2)}\n`,
);
say(`\nResults written to ${path.relative(process.cwd(), jsonPath)}`);
