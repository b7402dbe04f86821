/**
 * Timings of the build's steps on stderr when HANDBOOK_TRACE=1, for finding where time goes
 * (`npm run bench` reports the totals). Costs nothing when off.
 */
export function tracer(scope: string): (step: string) => void {
  if (process.env.HANDBOOK_TRACE !== '1') return () => undefined;
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    // When the step ended, from the process's start, beside how long it took: steps of
    // different scopes overlap, and the ends put them on one timeline.
    const at = (now / 1000).toFixed(2);
    process.stderr.write(`[trace] ${at} s ${scope} ${step}: ${(now - last).toFixed(0)} ms\n`);
    last = now;
  };
}
