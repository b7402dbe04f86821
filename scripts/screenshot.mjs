#!/usr/bin/env node
// Screenshot pages of a built HTML edition, for looking at the output:
//   node scripts/screenshot.mjs dist/index.html out.png [width] [height] [dark]
import { register } from 'tsx/esm/api';

register();
const { launchBrowser } = await import('../src/print/launch.ts');
const [file, out, width = '1280', height = '900', scheme = 'light'] = process.argv.slice(2);
const running = await launchBrowser({ network: true });
try {
  const page = await running.browser.newPage();
  await page.setViewport({ width: Number(width), height: Number(height), deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.goto(new URL(file, `file://${process.cwd()}/`).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: out, fullPage: process.env.FULL === '1' });
} finally {
  await running.close();
}
