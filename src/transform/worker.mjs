// A transform worker thread. Handbook Press is TypeScript run through tsx, and a worker
// does not inherit the main thread's loader: register it here, then load the real code.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
