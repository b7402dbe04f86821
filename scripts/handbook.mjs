#!/usr/bin/env node
// The `handbook` command. Handbook Press is written in TypeScript and run through tsx, so
// there is no compile step between editing the source and using it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
