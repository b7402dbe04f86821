import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../src/print/resolve-browser.ts';
import { HandbookError } from '../../src/report/errors.ts';
import { tempDir } from '../helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanups.splice(0)) await done();
});

async function fakeBrowsers(...names: string[]) {
  const temp = await tempDir();
  cleanups.push(temp.done);
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(temp.dir, name);
      await writeFile(file, '#!/bin/sh\n', { mode: 0o755 });
      return file;
    }),
  );
}

describe('resolveBrowser', () => {
  it('takes an explicit path, then HANDBOOK_BROWSER, then PUPPETEER_EXECUTABLE_PATH, then the system', async () => {
    const [explicit, handbook, puppeteer, system] = await fakeBrowsers(
      'explicit',
      'handbook',
      'puppeteer',
      'system',
    );
    const env = { HANDBOOK_BROWSER: handbook, PUPPETEER_EXECUTABLE_PATH: puppeteer };
    expect(resolveBrowser(explicit, env, [system!])).toEqual({
      executablePath: explicit,
      source: '--browser',
    });
    expect(resolveBrowser(undefined, env, [system!])).toEqual({
      executablePath: handbook,
      source: 'HANDBOOK_BROWSER',
    });
    expect(
      resolveBrowser(undefined, { PUPPETEER_EXECUTABLE_PATH: puppeteer }, [system!]).source,
    ).toBe('PUPPETEER_EXECUTABLE_PATH');
    expect(resolveBrowser(undefined, {}, ['/nonexistent/chrome', system!])).toEqual({
      executablePath: system,
      source: 'system',
    });
  });

  it('says how to install a browser when there is none', () => {
    let error: unknown;
    try {
      resolveBrowser(undefined, {}, ['/nonexistent/chromium']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HandbookError);
    expect((error as HandbookError).message).toBe(
      'No Chromium or Chrome found to print the PDF with',
    );
    expect((error as HandbookError).hint).toMatch(
      /apt-get install -y chromium.*HANDBOOK_BROWSER.*--no-pdf/,
    );
  });

  it('names a configured browser that does not exist', () => {
    expect(() => resolveBrowser(undefined, { HANDBOOK_BROWSER: '/no/such/chrome' }, [])).toThrow(
      'HANDBOOK_BROWSER names `/no/such/chrome`, which does not exist',
    );
  });
});
