// The peers of `npm run bench -- --peers`, run on the same corpus as our build: md-to-pdf
// (installed with npm into a cache folder) and Pandoc + WeasyPrint (when apt has put them
// on this machine). Each gets the chapters as one Markdown file, which is how their users
// feed them a handbook; the contents of each PDF are then checked by one reader-side test.
import { execFile } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import matter from 'gray-matter';
import { discover } from '../src/load/discover.ts';

const run = promisify(execFile);

/** Chapter files in reading order, with their titles (the corpus names sort in order). */
export async function chapterTitles(root: string): Promise<{ file: string; title: string }[]> {
  const files = (await discover(path.join(root, 'chapters')))
    .filter((e) => e.kind === 'chapter')
    .map((e) => e.absolute)
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      file,
      title: String(matter(await readFile(file, 'utf8')).data.title),
    })),
  );
}

/**
 * The handbook as one Markdown file: each chapter's front-matter replaced by its title as
 * a heading, and its footnote labels made unique (every chapter reuses `[^n0]`).
 */
export async function concatenate(root: string, target: string): Promise<string[]> {
  const chapters = await chapterTitles(root);
  const parts = await Promise.all(
    chapters.map(async ({ file, title }, i) => {
      const body = matter(await readFile(file, 'utf8')).content.replaceAll('[^', `[^c${i}-`);
      return `# ${title}\n\n${body}`;
    }),
  );
  await writeFile(target, parts.join('\n\n'));
  return chapters.map((c) => c.title);
}

/** md-to-pdf's command, installed on first use into `cacheDir`; never downloads a browser. */
export async function installMdToPdf(cacheDir: string): Promise<string> {
  const bin = path.join(cacheDir, 'node_modules', '.bin', 'md-to-pdf');
  try {
    await access(bin);
    return bin;
  } catch {
    await mkdir(cacheDir, { recursive: true });
    await run('npm', ['install', '--prefix', cacheDir, '--no-audit', '--no-fund', 'md-to-pdf@5'], {
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
      timeout: 10 * 60_000,
    });
    return bin;
  }
}

/** Whether a command is on PATH. */
export async function hasCommand(name: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

/** One md-to-pdf run of `markdown`, in the system's Chromium; returns the PDF's path. */
export async function mdToPdf(bin: string, markdown: string, browser: string): Promise<string> {
  const launch = {
    executablePath: browser,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  };
  // Its stdin is closed: md-to-pdf reads Markdown from a stdin that is not a terminal.
  const child = run(bin, [markdown, '--launch-options', JSON.stringify(launch)], {
    timeout: 30 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  child.child.stdin?.end();
  await child;
  return markdown.replace(/\.md$/, '.pdf');
}

/** Contents with page numbers the way WeasyPrint's users write them (target-counter). */
const PANDOC_CSS = `@page { size: A4; margin: 20mm 18mm; @bottom-center { content: counter(page); } }
body { font-family: serif; font-size: 11pt; }
h1 { break-before: page; }
#TOC a::after { content: leader('.') target-counter(attr(href), page); }
#TOC li { list-style: none; }
`;

/** One Pandoc → HTML → WeasyPrint run; returns the PDF's path. */
export async function pandocWeasyPrint(markdown: string): Promise<string> {
  const dir = path.dirname(markdown);
  const css = path.join(dir, 'pandoc.css');
  const html = path.join(dir, 'pandoc.html');
  const pdf = path.join(dir, 'pandoc.pdf');
  await writeFile(css, PANDOC_CSS);
  const options = { timeout: 30 * 60_000, maxBuffer: 64 * 1024 * 1024 };
  await run(
    'pandoc',
    [markdown, '-s', '--toc', '--toc-depth=2', '--metadata', 'title=Handbook', '--css', css],
    options,
  ).then(({ stdout }) => writeFile(html, stdout));
  await run('weasyprint', [html, pdf], options);
  return pdf;
}

export interface ContentsCheck {
  /** Chapters whose contents entry carries a page number. */
  numbered: number;
  /** Of those, entries whose number is the label of the page the chapter starts on. */
  right: number;
  chapters: number;
}

/**
 * What a reader would check: each chapter's line in the contents ends with a number, and
 * that number is what the page on which the chapter's title first appears after the
 * contents is labelled (its page label, or its position when the PDF has no labels).
 */
export async function checkContents(pdfPath: string, titles: string[]): Promise<ContentsCheck> {
  const { stdout } = await run('pdftotext', ['-layout', pdfPath, '-'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const pages = stdout.split('\f');
  const labels = await pageLabels(pdfPath, pages.length);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A long title wraps: its words may be parted by a line break, in the contents and in
  // the chapter's heading alike (800 chapters: two headings of two lines were missed).
  const words = (title: string) => title.split(/\s+/).map(escape).join('\\s+');
  let contentsEnd = -1;
  const printed = new Map<string, string>();
  for (const title of titles) {
    const entry = new RegExp(`${words(title)}(?![\\w-])[\\s.·]*?\\s([0-9]+|[ivxlc]+)\\s*$`, 'm');
    for (let i = 0; i < pages.length; i++) {
      const hit = entry.exec(pages[i]!);
      if (!hit) continue;
      printed.set(title, hit[1]!);
      contentsEnd = Math.max(contentsEnd, i);
      break;
    }
  }
  let right = 0;
  for (const title of titles) {
    const number = printed.get(title);
    if (number === undefined) continue;
    const heading = new RegExp(`^\\s*${words(title)}(?![\\w-])`, 'm');
    const at = pages.findIndex((text, i) => i > contentsEnd && heading.test(text));
    if (at >= 0 && labels[at] === number) right++;
  }
  return { numbered: printed.size, right, chapters: titles.length };
}

/** The PDF's page labels as a reader sees them, or 1, 2, 3 … when it has none. */
export async function pageLabels(pdfPath: string, count: number): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(await readFile(pdfPath)), verbosity: 0 })
    .promise;
  const labels =
    (await doc.getPageLabels()) ?? Array.from({ length: count }, (_, i) => String(i + 1));
  await doc.destroy();
  return labels;
}
