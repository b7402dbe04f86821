/**
 * Timings of the build's steps on stderr when HANDBOOK_TRACE=1, for finding where time goes
 * (`npm run bench` reports the totals). Costs nothing when off.
 */
export function tracer(scope: string): (step: string) => void {
  if (process.env.HANDBOOK_TRACE !== '1') return () => undefined;
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    process.stderr.write(`[trace] ${scope} ${step}: ${(now - last).toFixed(0)} ms\n`);
    last = now;
  };
}
