import { MermaidPage } from '../../print/mermaid-page.ts';
import type { DiagramLook } from './diagram-look.ts';

/**
 * One Mermaid page for every edition of a build, opened when the first diagram is missing
 * from the cache. Starting Chromium and compiling Mermaid take about two seconds; a
 * handbook in three languages paid them three times. Each edition's look is added to the
 * page before its diagrams are drawn (its fonts and Mermaid's settings).
 */
export class DrawingSession {
  private page: MermaidPage | undefined;
  private applied = '';

  constructor(private readonly executablePath?: string) {}

  async pageFor(look: DiagramLook): Promise<MermaidPage> {
    const wanted = `${look.key}\0${look.fontCss}`;
    if (!this.page) {
      this.page = await MermaidPage.open({
        fontCss: look.fontCss,
        config: look.config,
        ...(this.executablePath ? { executablePath: this.executablePath } : {}),
      });
    } else if (this.applied !== wanted) {
      await this.page.restyle(look.fontCss, look.config);
    }
    this.applied = wanted;
    return this.page;
  }

  /** Close the page (a diagram that never finished leaves it busy); the next one opens anew. */
  async close(): Promise<void> {
    const page = this.page;
    this.page = undefined;
    this.applied = '';
    await page?.close();
  }
}
