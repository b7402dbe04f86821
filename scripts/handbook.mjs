#!/usr/bin/env node
// The `handbook` command. Handbook Press is written in TypeScript with no compile step to
// remember: the sources are bundled on first use after a change (scripts/cli-bundle.mjs),
// or run through tsx where no bundle can be made.
import { cliBundle } from './cli-bundle.mjs';

async function loadMain() {
  const bundle = process.env.HANDBOOK_NO_BUNDLE ? undefined : await cliBundle();
  if (bundle) {
    try {
      return (await import(bundle)).main;
    } catch {
      // fall back to the sources
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
