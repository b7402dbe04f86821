// One measurement of `npm run bench`, in a fresh process so that every run is cold.
// Prints one line of JSON. Usage: node --expose-gc --import tsx scripts/bench-child.ts MODE ARGS…
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument, PDFName, PDFDict } from 'pdf-lib';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { build } from '../src/build.ts';
import { SiteBuilder } from '../src/dev/site-builder.ts';
import { discover } from '../src/load/discover.ts';
import { launchBrowser } from '../src/print/launch.ts';

const runAsync = promisify(execFile);
const [mode, root, out, extra] = process.argv.slice(2) as [string, string, string?, string?];

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

async function floorHtml(): Promise<object> {
  const files = (await discover(path.join(root, 'chapters'))).filter((e) => e.kind === 'chapter');
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeStringify)
    .freeze();
  const start = performance.now();
  for (const file of files) processor.processSync(await readFile(file.absolute, 'utf8'));
  return { ms: performance.now() - start };
}

async function html(): Promise<object> {
  const start = performance.now();
  const result = await build({ root, outDir: out!, pdf: false });
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

async function pdf(): Promise<object> {
  let peakBrowser = 0;
  let sampling = false;
  const sampler = setInterval(() => {
    if (sampling) return;
    sampling = true;
    void browserRss().then((mb) => {
      peakBrowser = Math.max(peakBrowser, mb);
      sampling = false;
    });
  }, 250);
  const start = performance.now();
  const result = await build({ root, outDir: out! });
  const ms = performance.now() - start;
  clearInterval(sampler);
  if (!result.ok || !result.pdfPath) throw new Error('PDF build failed');
  return {
    ms,
    rssMb: process.resourceUsage().maxRSS / 1024,
    browserRssMb: peakBrowser,
    pages: result.pdfPages,
    prints: result.prints,
    tocVerified: await verifyContents(out!, result.pdfPath),
  };
}

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

/** The PDF's page labels as a reader sees them (pdfinfo is not enough; use pdf.js). */
async function pageLabels(pdfPath: string, count: number): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(await readFile(pdfPath)), verbosity: 0 })
    .promise;
  const labels =
    (await doc.getPageLabels()) ?? Array.from({ length: count }, (_, i) => String(i + 1));
  await doc.destroy();
  return labels;
}

async function floorPdf(): Promise<object> {
  const running = await launchBrowser();
  try {
    const page = await running.browser.newPage();
    await page.setJavaScriptEnabled(false);
    const start = performance.now();
    await page.goto(pathToFileURL(path.join(out!, 'print.html')).href, {
      waitUntil: 'load',
      timeout: 0,
    });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, timeout: 0 });
    return { ms: performance.now() - start };
  } finally {
    await running.close();
  }
}

const modes: Record<string, () => Promise<object>> = { floorHtml, html, rebuild, pdf, floorPdf };
process.stdout.write(`${JSON.stringify(await modes[mode]!())}\n`);
