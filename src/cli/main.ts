import { Command, CommanderError } from 'commander';
import { runBuild } from './build-command.ts';
import { VERSION } from './version.ts';

/** Exit codes: 0 success, 1 content errors or a failed build, 2 wrong usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Parse argv, run the command, return the exit code (never calls process.exit itself). */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('handbook')
    .description('Markdown chapters → a themed HTML edition and a PDF handbook')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      writeOut: (s) => process.stdout.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('build')
    .description('build the HTML edition and the PDF handbook into the output folder')
    .argument('[dir]', 'the handbook project folder', '.')
    .option('-o, --out <dir>', 'output folder (default: <dir>/dist)')
    .option(
      '--chapters <path>',
      'chapters folder (default: from handbook.yml, else <dir>/chapters)',
    )
    .option('--no-pdf', 'build the HTML edition only')
    .option(
      '--browser <path>',
      'Chromium or Chrome to print with (default: HANDBOOK_BROWSER, then found)',
    )
    .option('--strict', 'fail the build on warnings too')
    .option('-q, --quiet', 'print errors only')
    .option('--verbose', 'print each stage as it starts')
    .action(async (dir: string, opts) => {
      code = await runBuild(dir, opts);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return code;
}
