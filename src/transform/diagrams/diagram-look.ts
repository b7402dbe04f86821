import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Book } from '../../model/book.ts';
import { themeFonts, usedFonts } from '../../render/fonts.ts';
import { usedCodePoints, usedLanguages } from '../../render/used-characters.ts';
import { resolveTheme } from '../../render/theme.ts';

const require = createRequire(import.meta.url);

/** How the book's diagrams look: Mermaid's settings and the fonts their text is set in. */
export interface DiagramLook {
  config: Record<string, unknown>;
  fontCss: string;
  /** Changes whenever a drawing could come out different. */
  key: string;
}

/**
 * The default theme's colours (handbook.css, light scheme) as Mermaid's `base` theme
 * variables; the dark scheme is drawn from the same SVG by the theme's CSS.
 */
const THEME_VARIABLES = {
  primaryColor: '#e7edf5',
  primaryBorderColor: '#1f3a5f',
  primaryTextColor: '#1b1f24',
  secondaryColor: '#f3f1eb',
  tertiaryColor: '#ffffff',
  lineColor: '#4f5663',
  textColor: '#1b1f24',
  noteBkgColor: '#f3f1eb',
  noteBorderColor: '#d8d3c6',
};

/** The UI font of the theme first, then every family it bundles (other scripts). */
const DIAGRAM_FONT = 'Source Sans 3';

export async function diagramLook(book: Book): Promise<DiagramLook> {
  const fonts = await themeFonts(resolveTheme(book.root, book.config.theme), book.root);
  const families = [
    ...new Set([...fonts.css.matchAll(/font-family:\s*([^;]+);/g)].map((m) => m[1]!.trim())),
  ];
  const stack = [`'${DIAGRAM_FONT}'`, ...families.filter((f) => !f.includes(DIAGRAM_FONT))];
  const fontFamily = stack.join(', ');
  // The page loads nothing: each font file the book's characters need goes in as a data:
  // URL (a drawing's own characters are among them, so its key need not follow the choice).
  const chosen = usedFonts(fonts, usedCodePoints(book), [DIAGRAM_FONT], usedLanguages(book));
  const bySource = new Map(chosen.files.map((f) => [path.basename(f.output), f.source]));
  let fontCss = chosen.css;
  for (const [name, source] of bySource) {
    const data = (await readFile(source)).toString('base64');
    fontCss = fontCss.replaceAll(`url(${name})`, `url(data:font/woff2;base64,${data})`);
  }
  const config = {
    theme: 'base',
    themeVariables: { ...THEME_VARIABLES, fontFamily },
    fontFamily,
  };
  const version = (require('mermaid/package.json') as { version: string }).version;
  const key = createHash('sha256')
    .update(`mermaid ${version}\0${JSON.stringify(config)}\0${fonts.css}`)
    .digest('hex');
  return { config, fontCss, key };
}
