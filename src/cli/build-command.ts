import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { build, type Stage } from '../build.ts';
import { formatErrorChain } from '../report/errors.ts';

export interface BuildFlags {
  out?: string;
  chapters?: string;
  pdf: boolean;
  browser?: string;
  strict?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** `handbook build [dir]`: run the build, print problems and a summary, return the exit code. */
export async function runBuild(dir: string, flags: BuildFlags): Promise<number> {
  const started = performance.now();
  const log = (line: string) => {
    if (!flags.quiet) process.stderr.write(`${line}\n`);
  };
  const controller = new AbortController();
  // First Ctrl-C: stop cleanly (browser closed, staging removed, previous output kept).
  // A second one: leave at once; what is left behind is swept by the next build.
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('Stopping…\n');
    controller.abort(new Interrupted());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await build({
      root: path.resolve(dir),
      ...(flags.out ? { outDir: path.resolve(flags.out) } : {}),
      ...(flags.chapters ? { chaptersDir: path.resolve(flags.chapters) } : {}),
      pdf: flags.pdf,
      ...(flags.browser ? { browser: path.resolve(flags.browser) } : {}),
      strict: flags.strict ?? false,
      signal: controller.signal,
      onStage: (stage: Stage, detail?: string) => {
        // Stage lines are for people watching a terminal (or asking for them).
        if (flags.verbose || process.stderr.isTTY)
          log(`  ${stage.padEnd(9)}${detail ? ` ${detail}` : ''}`);
      },
    });
    const withMessages = result.diagnostics.withMessages();
    if (withMessages.length > 0) {
      process.stderr.write(`${reporter(withMessages, { quiet: flags.quiet ?? false })}\n`);
    }
    if (!result.ok) {
      process.stderr.write(
        `Build failed; the previous output in ${path.relative(process.cwd(), result.outDir) || '.'} is unchanged.\n`,
      );
      return 1;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const where = path.relative(process.cwd(), result.outDir) || '.';
    log(
      `Built ${result.pages} pages${result.pdfPath ? ` and ${path.basename(result.pdfPath)}` : ''} into ${where}/ in ${seconds} s`,
    );
    return 0;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write('Interrupted; the previous output is unchanged.\n');
      return 130;
    }
    process.stderr.write(`${formatErrorChain(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

class Interrupted extends Error {
  override name = 'Interrupted';
  constructor() {
    super('interrupted');
  }
}
