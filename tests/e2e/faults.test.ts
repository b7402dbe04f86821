import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBook } from '../../scripts/generate-book.ts';
import { buildPdf } from '../../src/build-pdf.ts';
import { openPrinter } from '../../src/print/printer.ts';
import { OutputFolder } from '../../src/render/output-files.ts';
import { CLI, REPO, runCli, tempDir, transformProject } from '../helpers.ts';

// Faults a build must survive, caused for real: a browser killed mid-print, a print that
// takes too long, Ctrl-C and SIGKILL mid-build, a read-only output and a full disk (tmpfs
// mounts: these tests run as root, as CI does). After each: the previous output is intact,
// no Chromium is left running and no temporary folder is left behind.
let work: { dir: string; done: () => Promise<void> };
let book: string;
let before: Record<string, string>;

beforeAll(async () => {
  work = await tempDir();
  book = path.join(work.dir, 'book');
  // Big enough that printing takes seconds, so a fault can land in the middle of it.
  await generateBook(book, 100, 11);
  const first = await runCli(['build', '-q'], book);
  expect(first.code, first.stderr).toBe(0);
  before = await snapshot(path.join(book, 'dist'));
});

afterAll(async () => {
  await work?.done();
});

/** Every file of a folder with a digest of its content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const { createHash } = await import('node:crypto');
    files[path.relative(dir, full)] = createHash('sha1')
      .update(await readFile(full))
      .digest('hex');
  }
  return files;
}

/** Chromium processes started for the build with process id `pid` (by their profile folder). */
function browsersOf(pid: number): number[] {
  try {
    const out = execFileSync('pgrep', ['-f', `handbook-chromium-${pid}-`], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function leftovers(pid: number) {
  const beside = (await readdir(book)).filter((n) => n.startsWith('.handbook-'));
  const profiles = (await readdir(os.tmpdir())).filter((n) =>
    n.startsWith(`handbook-chromium-${pid}-`),
  );
  return { beside, profiles, browsers: browsersOf(pid) };
}

/** Start a build and call `act` once it reports that printing has started. */
function buildUntilPrinting(args: string[], act: (pid: number) => void, cwd = book) {
  return new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
    pid: number;
  }>((resolve) => {
    const child = spawn(process.execPath, [CLI, 'build', '--verbose', ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let acted = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!acted && /^\s+\[[\d.]+ s\] print\b/m.test(stderr)) {
        acted = true;
        // Let Chromium get well into the print first.
        setTimeout(() => act(child.pid!), 1500);
      }
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, pid: child.pid! }));
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('faults the build survives', () => {
  it('a browser that dies while printing', async () => {
    // Without the cache: a build that has every printed piece from the last one needs no print.
    const run = await buildUntilPrinting(['--no-cache'], (pid) => {
      for (const browser of browsersOf(pid)) process.kill(browser, 'SIGKILL');
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Printing the PDF failed[\s\S]*hint: The browser stopped while printing/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    await settle();
    expect(await leftovers(run.pid)).toEqual({ beside: [], profiles: [], browsers: [] });
    expect(await snapshot(path.join(book, 'dist'))).toEqual(before);
  });

  it('a print that takes longer than pdf.timeout', async () => {
    const slow = path.join(work.dir, 'slow');
    await cp(book, slow, { recursive: true });
    const config = path.join(slow, 'handbook.yml');
    // Far less than loading or printing a piece of 60 pages takes on any machine (at 1 s,
    // a 2-core EPYC printed every piece in time, and the build succeeded); a clean build,
    // so that every piece is printed.
    await writeFile(config, `${await readFile(config, 'utf8')}pdf:\n  timeout: 200\n`);
    const previous = await snapshot(path.join(slow, 'dist'));
    const child = spawn(process.execPath, [CLI, 'build', '--no-cache'], { cwd: slow });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/Printing the PDF failed[\s\S]*Raise pdf\.timeout in handbook\.yml/);
    await settle();
    expect(browsersOf(child.pid!)).toEqual([]);
    expect((await readdir(slow)).filter((n) => n.startsWith('.handbook-'))).toEqual([]);
    expect(await snapshot(path.join(slow, 'dist'))).toEqual(previous);
  });

  it('Ctrl-C in the middle of printing', async () => {
    const run = await buildUntilPrinting(['--no-cache'], (pid) => process.kill(pid, 'SIGINT'));
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/Interrupted; the previous output in \S*dist is unchanged\./);
    await settle();
    expect(await leftovers(run.pid)).toEqual({ beside: [], profiles: [], browsers: [] });
    expect(await snapshot(path.join(book, 'dist'))).toEqual(before);
  });

  it('SIGKILL in the middle of printing, then the next build', async () => {
    const run = await buildUntilPrinting([], (pid) => process.kill(pid, 'SIGKILL'));
    expect(run.signal).toBe('SIGKILL');
    await settle();
    const left = await leftovers(run.pid);
    // Chromium goes with us (its pipe closed); the staging folder cannot be removed by a
    // killed process, and the previous output is untouched.
    expect(left.browsers).toEqual([]);
    expect(left.beside.length).toBe(1);
    expect(await snapshot(path.join(book, 'dist'))).toEqual(before);
    // The next build sweeps what the killed one left (its staging folder, its profile).
    const next = await runCli(['build', '-q'], book);
    expect(next.code, next.stderr).toBe(0);
    expect(await leftovers(run.pid)).toEqual({ beside: [], profiles: [], browsers: [] });
    before = await snapshot(path.join(book, 'dist'));
  });
});

describe('the printer of a PDF stage that fails before printing', () => {
  it('is closed: no Chromium is left running to keep the command from exiting', async () => {
    const { book: transformed } = await transformProject(REPO);
    const out = path.join(work.dir, 'nothing-printed');
    await mkdir(out);
    const printer = openPrinter({ baseDir: out, timeout: 30_000 });
    await printer; // running, its Chromium started for this process
    expect(browsersOf(process.pid).length).toBeGreaterThan(0);
    const empty = { ...transformed!, chapters: [] };
    await expect(buildPdf(empty, new OutputFolder(out), { printer })).rejects.toThrow(
      'A PDF needs at least one chapter',
    );
    await settle();
    expect(browsersOf(process.pid)).toEqual([]);
  });
});

describe('output on a read-only or full disk', () => {
  let mount: string;
  let project: string;

  beforeAll(async () => {
    mount = path.join(work.dir, 'mnt');
    await mkdir(mount);
    project = path.join(work.dir, 'small');
    await cp(path.join(REPO, 'chapters'), path.join(project, 'chapters'), { recursive: true });
    await cp(path.join(REPO, 'handbook.yml'), path.join(project, 'handbook.yml'));
  });

  afterAll(() => {
    try {
      execFileSync('umount', [mount], { stdio: 'ignore' });
    } catch {
      // not mounted: the test unmounted it already
    }
  });

  it('says a read-only output folder is read-only, and keeps what was there', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mount]);
    const out = path.join(mount, 'dist');
    expect((await runCli(['build', '-q', '--no-pdf', '--out', out], project)).code).toBe(0);
    const previous = await snapshot(out);
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const run = await runCli(['build', '--no-pdf', '--out', out], project);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /error: Cannot write into `.*\/mnt`: the folder is read-only or not yours\n\s+hint: Choose another --out[^\n]*\n\s+caused by: EROFS/,
    );
    expect(await snapshot(out)).toEqual(previous);
    execFileSync('umount', [mount]);
  });

  it('says the disk is full, and keeps the previous output whole', async () => {
    // Room for one edition and a half: the first build fits, a second one beside it cannot.
    const probe = path.join(work.dir, 'probe');
    expect((await runCli(['build', '-q', '--no-pdf', '--out', probe], project)).code).toBe(0);
    const size = Number(execFileSync('du', ['-sk', probe], { encoding: 'utf8' }).split('\t')[0]);
    await rm(probe, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil(size * 1.5)}k`, 'tmpfs', mount]);
    const out = path.join(mount, 'dist');
    expect((await runCli(['build', '-q', '--no-pdf', '--out', out], project)).code).toBe(0);
    const previous = await snapshot(out);
    const run = await runCli(['build', '--no-pdf', '--out', out], project);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /error: The disk is full: cannot write into `.*\/mnt\/dist`\n\s+hint: Free some space[^\n]*\n\s+caused by: ENOSPC/,
    );
    expect(await snapshot(out)).toEqual(previous);
    expect((await readdir(mount)).filter((n) => n.startsWith('.handbook-'))).toEqual([]);
  });
});
