import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer';
import { launchBrowser, type RunningBrowser } from './launch.ts';

const require = createRequire(import.meta.url);

/** What Mermaid made of one diagram: its SVG, or why not (and the line, in the diagram). */
export type Drawing = { svg: string } | { error: string; line?: number };

export interface MermaidOptions {
  executablePath?: string;
  /** `@font-face` rules with the fonts inlined: the page measures text in the theme's fonts. */
  fontCss: string;
  /** Mermaid's `initialize` settings (theme, fonts); the safety settings are added here. */
  config: Record<string, unknown>;
}

/**
 * A page of the Chromium we print with, holding the `mermaid` package from npm, in which
 * diagrams are drawn: the only page we run script in. It is given Mermaid's code and the
 * fonts as text and may load nothing at all (every request refused, the browser offline),
 * and Mermaid runs with `securityLevel: 'strict'` and no HTML labels.
 */
export class MermaidPage {
  private constructor(
    private readonly running: RunningBrowser,
    private readonly page: Page,
  ) {}

  static async open(options: MermaidOptions): Promise<MermaidPage> {
    const running = await launchBrowser(
      options.executablePath ? { executablePath: options.executablePath } : {},
    );
    try {
      const page = await running.browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request) => void request.abort('blockedbyclient'));
      await page.setContent('<!doctype html><html><head></head><body></body></html>');
      const code = await readFile(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');
      await page.addScriptTag({ content: code });
      const drawing = new MermaidPage(running, page);
      await drawing.restyle(options.fontCss, options.config);
      return drawing;
    } catch (error) {
      await running.close();
      throw error;
    }
  }

  /**
   * Set the fonts text is measured in and Mermaid's settings, for the diagrams drawn next
   * (another edition's look: its fonts are added beside the earlier ones).
   */
  async restyle(fontCss: string, settings: Record<string, unknown>): Promise<void> {
    await this.page.addStyleTag({ content: fontCss });
    const config = {
      ...settings,
      startOnLoad: false,
      securityLevel: 'strict',
      htmlLabels: false,
      flowchart: { htmlLabels: false },
      // No author may change these from inside a diagram (`%%{init: …}%%`).
      secure: [
        'secure',
        'securityLevel',
        'startOnLoad',
        'maxTextSize',
        'maxEdges',
        'htmlLabels',
        'themeCSS',
        'fontFamily',
        'altFontFamily',
      ],
    };
    await this.page.evaluate(async (settings) => {
      const mermaid = (window as unknown as { mermaid: MermaidApi }).mermaid;
      mermaid.initialize(settings);
      // Text is measured in the fonts: wait until they are there.
      await document.fonts.ready;
    }, config);
  }

  /**
   * Draw `sources` one after the other, each under its own id. Rejects after `timeoutMs`
   * for the whole batch (a diagram that never finishes): the page is then closed.
   */
  async draw(sources: { id: string; text: string }[], timeoutMs: number): Promise<Drawing[]> {
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DrawTimeout(timeoutMs)), timeoutMs);
    });
    try {
      return await Promise.race([this.page.evaluate(drawAll, sources), stopped]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.running.close();
  }
}

export class DrawTimeout extends Error {
  constructor(readonly ms: number) {
    super(`drawing took longer than ${ms / 1000} s`);
  }
}

interface MermaidApi {
  initialize(config: unknown): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

/** Runs in the page. */
async function drawAll(sources: { id: string; text: string }[]): Promise<Drawing[]> {
  const mermaid = (window as unknown as { mermaid: MermaidApi }).mermaid;
  const drawings: Drawing[] = [];
  for (const { id, text } of sources) {
    try {
      drawings.push({ svg: (await mermaid.render(id, text)).svg });
    } catch (error) {
      const hash = (error as { hash?: { loc?: { first_line?: number }; line?: number } }).hash;
      const line = hash?.loc?.first_line ?? (hash?.line === undefined ? undefined : hash.line + 1);
      drawings.push({
        error: String((error as Error).message ?? error),
        ...(line === undefined ? {} : { line }),
      });
    } finally {
      // What a failed render leaves behind.
      document.getElementById(id)?.remove();
      document.getElementById(`d${id}`)?.remove();
    }
  }
  return drawings;
}
