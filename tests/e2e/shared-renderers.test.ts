import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/print/launch.ts';

/** The processes below `pid` whose command line says they are renderers. */
function renderersUnder(pid: number): number {
  const parents = new Map<number, number>();
  const renderers = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('--type=renderer'))
        renderers.add(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  const below = (p: number): boolean => {
    for (let up = parents.get(p); up !== undefined && up > 1; up = parents.get(up))
      if (up === pid) return true;
    return false;
  };
  return [...renderers].filter(below).length;
}

// The printer opens a tab per piece (eight for a large handbook); each renderer process
// reads the fonts and styles again and holds its own copy of them. Given a limit, tabs
// share renderers: the pieces still print side by side, one per renderer.
describe('a browser with a renderer limit', () => {
  it('opens many tabs in a few renderer processes (read from /proc)', async () => {
    const running = await launchBrowser({ renderers: 2 });
    try {
      const tabs = await Promise.all(Array.from({ length: 6 }, () => running.browser.newPage()));
      await Promise.all(
        tabs.map((tab, i) => tab.setContent(`<p>Tab ${i}</p>`, { waitUntil: 'load' })),
      );
      const texts = await Promise.all(tabs.map((tab) => tab.$eval('p', (p) => p.textContent)));
      expect(texts).toEqual(['Tab 0', 'Tab 1', 'Tab 2', 'Tab 3', 'Tab 4', 'Tab 5']);
      const pid = running.browser.process()!.pid!;
      // Chromium may keep one more for its own start page; never one per tab.
      const count = renderersUnder(pid);
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(3);
    } finally {
      await running.close();
    }
  }, 60_000);
});
