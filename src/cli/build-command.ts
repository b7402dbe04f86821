import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Conformance } from '../finish/conformance.ts';
import { build, type Stage } from '../build.ts';
import { terminalPath, terminalSafe } from '../guard/terminal.ts';
import { originSummary } from '../report/summary.ts';
import { formatErrorChain } from '../report/errors.ts';
import { createProgress, printMessages } from './output.ts';

export interface BuildFlags {
  out?: string;
  chapters?: string;
  pdf: boolean;
  browser?: string;
  strict?: boolean;
  /** False with `--no-cache`. */
  cache?: boolean;
  cacheDir?: string;
  changesSince?: string;
  draft?: boolean;
  copies?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** `handbook build [dir]`: run the build, print problems and a summary, return the exit code. */
export async function runBuild(dir: string, flags: BuildFlags): Promise<number> {
  const started = performance.now();
  const outDir = path.resolve(flags.out ?? path.join(dir, 'dist'));
  const where = terminalPath(path.relative(process.cwd(), outDir) || '.');
  const progress = createProgress(flags);
  const controller = new AbortController();
  // First Ctrl-C: stop cleanly (browser closed, staging removed, previous output kept).
  // A second one: leave at once; what is left behind is swept by the next build.
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    progress.clear();
    process.stderr.write('Stopping…\n');
    controller.abort(new Interrupted());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await build({
      root: path.resolve(dir),
      outDir,
      ...(flags.chapters ? { chaptersDir: path.resolve(flags.chapters) } : {}),
      pdf: flags.pdf,
      ...(flags.browser ? { browser: path.resolve(flags.browser) } : {}),
      strict: flags.strict ?? false,
      cache:
        flags.cache === false ? false : flags.cacheDir ? { dir: path.resolve(flags.cacheDir) } : {},
      ...(flags.changesSince ? { changesSince: flags.changesSince } : {}),
      ...(flags.draft ? { draft: true } : {}),
      ...(flags.copies ? { copies: true } : {}),
      signal: controller.signal,
      onStage: (stage: Stage, detail?: string) => progress.stage(stage, detail),
    });
    progress.clear();
    printMessages(result.diagnostics.withMessages(), {
      quiet: flags.quiet ?? false,
      perRule: WARNINGS_PER_RULE,
    });
    const summary = result.book && !flags.quiet ? originSummary(result.book) : undefined;
    if (summary) process.stderr.write(`${terminalSafe(summary)}\n`);
    if (!result.ok) {
      process.stderr.write(`Build failed; ${keptOutput(outDir, where)}.\n`);
      return 1;
    }
    if (!flags.quiet) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const pdfs = (result.editions ?? [result])
        .filter((e) => e.pdfPath)
        .map(
          (e) =>
            `${path.relative(result.outDir, e.pdfPath!)} (${[`${e.pdfPages} pages`, ...claimNames(e.pdfConformance), ...(e.pdfCopies ? [`${e.pdfCopies} numbered copies`] : [])].join(', ')})`,
        );
      const pdf = pdfs.length > 0 ? ` and ${pdfs.join(', ')}` : '';
      const languages = result.editions
        ? ` in ${result.editions.length} languages (${result.editions.map((e) => e.language).join(', ')})`
        : '';
      process.stderr.write(
        `Built ${result.pages} pages${pdf}${languages} into ${where}/ in ${seconds} s\n`,
      );
      const see = result.diagnostics.counts().warnings > 0 ? '; the warnings above say where' : '';
      for (const edition of result.editions ?? [result]) {
        const withheld = edition.pdfConformance?.withheld ?? [];
        if (withheld.length === 0) continue;
        process.stderr.write(
          `${path.relative(result.outDir, edition.pdfPath!)} does not claim PDF/UA-1: ${withheld.join(', ')}${see}.\n`,
        );
      }
    }
    return 0;
  } catch (error) {
    progress.clear();
    if (controller.signal.aborted) {
      process.stderr.write(`Interrupted; ${keptOutput(outDir, where)}.\n`);
      return 130;
    }
    process.stderr.write(`${formatErrorChain(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** How many warnings of one rule a build shows before it only counts them. */
const WARNINGS_PER_RULE = 20;

/** "PDF/UA-1", "PDF/A-2a": what a PDF claims, as the summary names it. */
function claimNames(conformance: Conformance | undefined): string[] {
  const { ua, archive } = conformance?.claims ?? {};
  return [
    ...(ua ? [`PDF/UA-${ua}`] : []),
    ...(archive ? [`PDF/A-${archive.part}${archive.conformance.toLowerCase()}`] : []),
  ];
}

/** What a failed build left: the previous output, or nothing at all. */
function keptOutput(outDir: string, where: string): string {
  return existsSync(outDir)
    ? `the previous output in ${where} is unchanged`
    : `nothing was written to ${where}`;
}

class Interrupted extends Error {
  override name = 'Interrupted';
  constructor() {
    super('interrupted');
  }
}
