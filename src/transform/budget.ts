import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/**
 * Time a chapter may take, in seconds of the clock (a busy machine slows every step
 * alike, so these are far above what any prose needs: parsing reads megabytes a second).
 * Parsing is where pathological Markdown crawls (thousands of unmatched `*`); rendering,
 * which highlights code and may meet a grammar for the first time, gets more.
 */
export function budgetFor(characters: number, step: 'parse' | 'render' = 'parse'): number {
  return step === 'parse'
    ? 8000 + Math.ceil(characters / 131_072) * 1000
    : 30_000 + Math.ceil(characters / 32_768) * 1000;
}

export type Budgeted<T> = { ok: true; value: T } | { ok: false; reason: 'time' | 'stack' };

const context = vm.createContext({ task: undefined as (() => unknown) | undefined });
const RUN = new vm.Script('task()');

/**
 * Run a synchronous step (parsing a chapter, rendering it) so that it can be stopped: V8
 * ends it after `ms` milliseconds, and Ctrl-C ends it at once (the build's own handler is
 * then told, as it would have been). A step that overflows the stack is stopped too. Each
 * way it ends is an answer, never a crash; the parser keeps no state between chapters.
 */
export function withinBudget<T>(ms: number, task: () => T): Budgeted<T> {
  context.task = task;
  try {
    // Signals reach the main thread only; a worker is stopped by terminating it.
    return {
      ok: true,
      value: RUN.runInContext(context, { timeout: ms, breakOnSigint: isMainThread }) as T,
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { ok: false, reason: 'time' };
    if (code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
      // breakOnSigint swallowed the signal: raise it again for the build's handler.
      process.kill(process.pid, 'SIGINT');
      throw new InterruptedStep();
    }
    if (error instanceof RangeError && /call stack/i.test(error.message))
      return { ok: false, reason: 'stack' };
    throw error;
  } finally {
    context.task = undefined;
  }
}

/** A step ended by Ctrl-C: the build stops. */
export class InterruptedStep extends Error {
  override name = 'InterruptedStep';
  constructor() {
    super('interrupted');
  }
}

/**
 * `work` for each item, each under its own budget, in as few guarded calls as possible:
 * starting a guarded call costs a fraction of a millisecond, more than many a chapter
 * takes. The items run one after another inside one call whose limit is the current
 * item's budget; when the limit comes, the item then running is refused if it used its
 * whole budget itself, or else started again with a call of its own (`retry` undoes what
 * it had begun). The answers come in the order of the items.
 */
export function eachWithinBudget<T, R>(
  items: T[],
  budgetOf: (item: T) => number,
  work: (item: T) => R,
  retry: (item: T) => void = () => undefined,
): Budgeted<R>[] {
  const results: Budgeted<R>[] = [];
  let next = 0;
  while (next < items.length) {
    const first = next;
    let startedAt = performance.now();
    const outcome = withinBudget(budgetOf(items[first]!), () => {
      for (; next < items.length; next++) {
        startedAt = performance.now();
        results[next] = { ok: true, value: work(items[next]!) };
      }
    });
    if (outcome.ok) break;
    const item = items[next]!;
    const own = performance.now() - startedAt;
    if (outcome.reason === 'stack' || next === first || own >= budgetOf(item)) {
      results[next] = { ok: false, reason: outcome.reason };
      next++;
    } else {
      // Cut short by the time the items before it took: it gets a call of its own.
      retry(item);
    }
  }
  return results;
}
