#!/usr/bin/env node
// `npm run bench`: see scripts/bench.ts.
import { register } from 'tsx/esm/api';

register();
await import('./bench.ts');
