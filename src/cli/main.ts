import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatErrorChain } from '../report/errors.ts';
import { VERSION } from './version.ts';

/** Exit codes: 0 success, 1 content errors or a failed build, 2 wrong usage, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number, 0–65535');
  return n;
};

// Each command loads its own modules when it runs: `--version` or `new chapter` does not
// wait for Chromium's driver, the Markdown pipeline and the search indexer to load.
const commands = {
  build: () => import('./build-command.ts'),
  check: () => import('./check-command.ts'),
  dev: () => import('./dev-command.ts'),
  init: () => import('./init-command.ts'),
  new: () => import('./new-command.ts'),
};

/** Parse argv, run the command, return the exit code (never calls process.exit itself). */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const run = (task: () => Promise<number>) => async () => {
    try {
      code = await task();
    } catch (error) {
      process.stderr.write(`${formatErrorChain(error)}\n`);
      code = EXIT.failed;
    }
  };
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
    .option(
      '--cache-dir <dir>',
      'keep results between builds here (default: node_modules/.cache/handbook-press/)',
    )
    .option('--no-cache', 'a clean build: read no cached results and keep none')
    .option(
      '--changes-since <ref>',
      'mark what changed since this git ref or folder (default: previousEdition in handbook.yml)',
    )
    .option('--draft', 'build a draft: DRAFT on every PDF page and in the HTML banner')
    .option('--copies', 'also write one numbered PDF per copy on the distribution list')
    .option('-q, --quiet', 'print errors and warnings only')
    .option('--verbose', 'print each stage as a line, with its time')
    .action((dir: string, opts) => run(async () => (await commands.build()).runBuild(dir, opts))());

  program
    .command('check')
    .description(
      'check the handbook without building it: links, images, headings, acronyms, markings, reviews',
    )
    .argument('[dir]', 'the handbook project folder', '.')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .option('--chapters <path>', 'chapters folder')
    .option('--strict', 'exit 1 on warnings too')
    .option('-q, --quiet', 'print errors only')
    .action((dir: string, opts) => run(async () => (await commands.check()).runCheck(dir, opts))());

  program
    .command('dev')
    .description(
      'serve the HTML edition on 127.0.0.1, rebuild on every save, reload the open pages',
    )
    .argument('[dir]', 'the handbook project folder', '.')
    .option('-p, --port <port>', 'port to listen on (0: any free one)', port, 4321)
    .option('--open', 'open the handbook in the browser')
    .option('--chapters <path>', 'chapters folder')
    .action((dir: string, opts) => run(async () => (await commands.dev()).runDev(dir, opts))());

  program
    .command('new')
    .description('add a chapter: handbook new chapter "Title"')
    .argument('<kind>', 'what to add: chapter')
    .argument('<title>', 'its title')
    .option('-d, --dir <dir>', 'the handbook project folder', '.')
    .option('--part <folder>', 'the part (folder under chapters/) to add it to')
    .action((kind: string, title: string, opts) => {
      if (kind !== 'chapter') {
        process.stderr.write(
          `error: cannot make a new \`${kind}\`; try: handbook new chapter "Title"\n`,
        );
        code = EXIT.usage;
        return;
      }
      return run(async () => (await commands.new()).runNewChapter(title, opts))();
    });

  program
    .command('init')
    .description('start a new handbook in a folder (default: the current one)')
    .argument('[dir]', 'the folder', '.')
    .action((dir: string) => run(async () => (await commands.init()).runInit(dir))());

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
