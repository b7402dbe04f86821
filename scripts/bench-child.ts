// One measurement of `npm run bench`, in a fresh process so that every run is cold.
// Prints one line of JSON. Usage: node --expose-gc --import tsx scripts/bench-child.ts MODE ARGS…
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import matter from 'gray-matter';
import { PDFDocument, PDFName, PDFDict } from 'pdf-lib';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { build } from '../src/build.ts';
import { prepareCopies } from '../src/finish/numbered-copies.ts';
import { SiteBuilder } from '../src/dev/site-builder.ts';
import { discover } from '../src/load/discover.ts';
import { CHROMIUM_ARGS } from '../src/print/launch.ts';
import { resolveBrowser as chooseBrowser } from '../src/print/resolve-browser.ts';
import {
  chapterTitles,
  checkContents,
  concatenate,
  installMdToPdf,
  mdToPdf,
  pageLabels,
  pandocWeasyPrint,
} from './bench-peers.ts';

const runAsync = promisify(execFile);
const [mode, root, out, extra] = process.argv.slice(2) as [string, string, string?, string?];
const CLI = fileURLToPath(new URL('./handbook.mjs', import.meta.url));
const LAUNCH_ARGS = CHROMIUM_ARGS;
const resolveBrowser = () => chooseBrowser().executablePath;

/**
 * Sum of the resident memory of every Chromium process, in MB (0 when none runs). Asked
 * of `ps` asynchronously: a synchronous call every 250 ms would stall the build it measures.
 */
async function browserRss(): Promise<number> {
  try {
    const { stdout } = await runAsync('ps', ['-C', 'chromium,chrome,headless_shell', '-o', 'rss=']);
    return (
      stdout
        .split('\n')
        .filter(Boolean)
        .reduce((n, l) => n + Number(l), 0) / 1024
    );
  } catch {
    return 0;
  }
}

/** The floor's processor: Markdown to HTML and nothing else. */
const bareUnified = () =>
  unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).freeze();

async function floorHtml(): Promise<object> {
  const files = (await discover(path.join(root, 'chapters'))).filter((e) => e.kind === 'chapter');
  const processor = bareUnified();
  const start = performance.now();
  for (const file of files) processor.processSync(await readFile(file.absolute, 'utf8'));
  return { ms: performance.now() - start };
}

/** The HTML edition, clean: no cache (a second run would read the first one's). */
async function html(): Promise<object> {
  const start = performance.now();
  const result = await build({ root, outDir: out!, pdf: false, cache: false });
  if (!result.ok) throw new Error('HTML build failed');
  return { ms: performance.now() - start, rssMb: process.resourceUsage().maxRSS / 1024 };
}

async function rebuild(): Promise<object> {
  const builder = new SiteBuilder({ root, outDir: out! });
  const files = (await discover(path.join(root, 'chapters'))).filter((e) => e.kind === 'chapter');
  const edited = files[Math.floor(files.length / 2)]!.absolute;
  const coldStart = performance.now();
  await builder.build();
  const cold = performance.now() - coldStart;
  const times: number[] = [];
  const heapMb: number[] = [];
  const edits = Number(extra ?? 30);
  for (let i = 0; i < edits; i++) {
    await appendFile(edited, `\nA sentence added by the benchmark, edit ${i}.\n`);
    const start = performance.now();
    const result = await builder.build();
    times.push(performance.now() - start);
    if (!result.ok) throw new Error('rebuild failed');
    // Heap after the first and the last rebuild only: a forced collection between timed
    // rebuilds flushes compiled code and makes the next one slower than any real edit.
    if (i === 0 || i === edits - 1) {
      globalThis.gc?.();
      heapMb.push(process.memoryUsage().heapUsed / 1048576);
    }
  }
  await builder.close();
  return { cold, times, heapMb };
}

/**
 * Samples a process's and Chromium's resident memory once a second, keeping the peaks
 * (each sample runs `ps` twice: CPU the build being timed would otherwise have).
 */
function memorySampler(pid: number) {
  const peak = { buildMb: 0, browserMb: 0 };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void Promise.all([processRss(pid), browserRss()]).then(([build, browser]) => {
      peak.buildMb = Math.max(peak.buildMb, build);
      peak.browserMb = Math.max(peak.browserMb, browser);
      busy = false;
    });
  }, 1000);
  return { peak, stop: () => clearInterval(timer) };
}

async function processRss(pid: number): Promise<number> {
  try {
    const { stdout } = await runAsync('ps', ['-o', 'rss=', '-p', String(pid)]);
    return Number(stdout.trim()) / 1024;
  } catch {
    return 0;
  }
}

/**
 * One `handbook build` as a user runs it, in a process of its own, timed from start to
 * exit; with HANDBOOK_TRACE on, so that its full prints and drafts can be counted.
 */
async function cliBuild(args: string[]) {
  const start = performance.now();
  const child = execFile(process.execPath, [CLI, 'build', root, '--out', out!, ...args], {
    env: { ...process.env, HANDBOOK_TRACE: '1', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const memory = memorySampler(child.pid!);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ms = performance.now() - start;
  memory.stop();
  if (code !== 0) throw new Error(`handbook build failed:\n${stderr}`);
  const built = /\((\d+) pages[,)]/.exec(stderr);
  return {
    ms,
    rssMb: memory.peak.buildMb,
    browserRssMb: memory.peak.browserMb,
    pages: Number(built?.[1] ?? 0),
    // A trace line: `[trace] 7.42 s pdf print: 2365 ms` (when the step ended, its scope and step).
    prints: (stderr.match(/^\[trace\] [\d.]+ s pdf print: /gm) ?? []).length,
    drafted: /^\[trace\] [\d.]+ s pdf print draft/m.test(stderr),
    // "load 1 of 8 pieces, 7 as printed before": pieces taken from the last build, of all.
    kept: Number(/(\d+) as printed before/.exec(stderr)?.[1] ?? 0),
    pieces: Number(/load \d+ of (\d+) pieces/.exec(stderr)?.[1] ?? 1),
  };
}

async function pdfPath(): Promise<string> {
  const file = (await readdir(out!)).find((name) => name.endsWith('.pdf'));
  if (!file) throw new Error('no PDF was written');
  return path.join(out!, file);
}

/** A clean build of both editions (no cache), and its contents checked two ways. */
async function pdf(): Promise<object> {
  const result = await cliBuild(['--no-cache']);
  const file = await pdfPath();
  const contents = await checkContents(file, await titles());
  return {
    ...result,
    tocVerified: await verifyContents(out!, file),
    contents,
    chromiumAlone: await chromiumAlone(path.join(out!, 'print.html')),
  };
}

/**
 * What Chromium alone takes to print the document we printed: one `chromium
 * --print-to-pdf` of the build's print.html (its numbers filled in, the theme's fonts and
 * page rules as printed), with no transform, draft, pieces or finish around it. Beside the
 * floor, it tells how much of a build's time printing our pages costs by itself.
 */
async function chromiumAlone(printHtml: string): Promise<{ ms: number; pages: number }> {
  const pdf = path.join(path.dirname(printHtml), 'chromium-alone.pdf');
  const start = performance.now();
  await printToPdf(printHtml, pdf);
  const ms = performance.now() - start;
  return { ms, pages: await pageCount(pdf) };
}

/** A build after a one-chapter edit, with the cache the build before it left. */
async function pdfRebuild(): Promise<object> {
  const cache = ['--cache-dir', `${out}-cache`];
  await rm(`${out}-cache`, { recursive: true, force: true });
  await cliBuild(cache);
  const chapters = await chapterTitles(root);
  await appendFile(
    chapters[Math.floor(chapters.length / 2)]!.file,
    '\nA sentence added by the benchmark.\n',
  );
  const result = await cliBuild(cache);
  const contents = await checkContents(await pdfPath(), await titles());
  return { ...result, contents };
}

/** A clean build of a handbook that is not generated (no contents check of our own). */
async function realPdf(): Promise<object> {
  return cliBuild(['--no-cache']);
}

const titles = async () => (await chapterTitles(root)).map((c) => c.title);

/**
 * An independent check of the contents: every page number printed in print.html's contents
 * is the printed label of the page its link's destination is on in the PDF.
 */
async function verifyContents(outDir: string, pdfPath: string): Promise<boolean> {
  const printHtml = await readFile(path.join(outDir, 'print.html'), 'utf8');
  const slots = [
    ...printHtml.matchAll(/<span class="toc-page" data-page-of="([^"]+)">([^<]*)<\/span>/g),
  ];
  const doc = await PDFDocument.load(await readFile(pdfPath), { updateMetadata: false });
  const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const dests = doc.catalog.lookup(PDFName.of('Dests'), PDFDict);
  const labels = await pageLabels(pdfPath, doc.getPageCount());
  for (const [, target, printed] of slots) {
    const dest = dests.lookup(PDFName.of(encodeURIComponent(target!)));
    const ref =
      dest && 'get' in dest ? String((dest as unknown as { get(i: number): unknown }).get(0)) : '';
    const index = pageOf.get(ref);
    if (index === undefined || labels[index] !== printed) return false;
  }
  return slots.length > 0;
}

/**
 * The floor: one bare unified pass over the chapters, joined into one page, and one
 * `chromium --print-to-pdf` of it (launch included, as every build has one).
 */
async function floorPdf(): Promise<object> {
  const processor = bareUnified();
  await mkdir(out!, { recursive: true });
  const page = path.join(out!, 'floor.html');
  const start = performance.now();
  const bodies: string[] = [];
  for (const { file } of await chapterTitles(root))
    bodies.push(String(processor.processSync(matter(await readFile(file, 'utf8')).content)));
  await writeFile(
    page,
    `<!doctype html><meta charset=utf-8><style>@page{size:A4;margin:20mm}</style>${bodies.join('\n')}`,
  );
  const pdf = path.join(out!, 'floor.pdf');
  await printToPdf(page, pdf);
  const ms = performance.now() - start;
  return { ms, pages: await pageCount(pdf) };
}

/** One `chromium --headless --print-to-pdf`, launch included. */
async function printToPdf(html: string, pdf: string): Promise<void> {
  await runAsync(resolveBrowser(), [
    ...LAUNCH_ARGS,
    '--headless',
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    pathToFileURL(html).href,
  ]);
}

const pageCount = async (pdf: string) =>
  (await PDFDocument.load(await readFile(pdf), { updateMetadata: false })).getPageCount();

/** md-to-pdf on the chapters as one Markdown file. */
async function mdToPdfRun(): Promise<object> {
  const markdown = path.join(out!, 'book.md');
  await mkdir(out!, { recursive: true });
  const titles = await concatenate(root, markdown);
  const bin = await installMdToPdf(extra!);
  const start = performance.now();
  const file = await mdToPdf(bin, markdown, resolveBrowser());
  const ms = performance.now() - start;
  return { ms, contents: await checkContents(file, titles) };
}

/** Pandoc to HTML, then WeasyPrint, on the chapters as one Markdown file. */
async function pandocRun(): Promise<object> {
  const markdown = path.join(out!, 'book.md');
  await mkdir(out!, { recursive: true });
  const titles = await concatenate(root, markdown);
  const start = performance.now();
  const file = await pandocWeasyPrint(markdown);
  const ms = performance.now() - start;
  return { ms, contents: await checkContents(file, titles) };
}

/**
 * Numbered copies: one clean build with its PDF, then the same finished file stamped as
 * 20 copies, each timed: what a further copy costs beside the build.
 */
async function copies(): Promise<object> {
  const start = performance.now();
  const result = await build({ root, outDir: out!, cache: false });
  const buildMs = performance.now() - start;
  const finished = new Uint8Array(await readFile(result.pdfPath!));
  const layout = {
    words: 'Copy {number} of {total}',
    controlPage: 1,
    marginTop: 68,
    marginEnd: 57,
    direction: 'ltr' as const,
  };
  const stamps = Array.from({ length: 20 }, (_, i) => ({
    number: i + 1,
    total: 20,
    recipient: 'Course participants',
  }));
  const prepared = performance.now();
  const stamp = await prepareCopies(finished, stamps, layout);
  const prepareMs = performance.now() - prepared;
  const times: number[] = [];
  for (const one of stamps) {
    const t = performance.now();
    await writeFile(path.join(out!, `copy-${one.number}.pdf`), stamp(one));
    times.push(performance.now() - t);
  }
  return { buildMs, pages: result.pdfPages, prepareMs, times };
}

/** The HTML edition with the cache in `extra`: empty for a cold build, the last one's after. */
async function htmlCached(): Promise<object> {
  const start = performance.now();
  const result = await build({ root, outDir: out!, pdf: false, cache: { dir: extra! } });
  if (!result.ok) throw new Error('HTML build failed');
  return { ms: performance.now() - start };
}

const modes: Record<string, () => Promise<object>> = {
  copies,
  htmlCached,
  floorHtml,
  html,
  rebuild,
  pdf,
  pdfRebuild,
  realPdf,
  floorPdf,
  mdToPdf: mdToPdfRun,
  pandoc: pandocRun,
};
process.stdout.write(`${JSON.stringify(await modes[mode]!())}\n`);
