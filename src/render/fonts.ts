import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HandbookError } from '../report/errors.ts';
import { themeFile, type Theme } from './theme.ts';

/** A font file to copy into the output, and where it goes. */
export interface FontFile {
  source: string;
  output: string;
}

export interface FontBundle {
  /** The `@font-face` rules, with URLs relative to `assets/fonts/`. */
  css: string;
  files: FontFile[];
}

/** What a theme declares in `theme.json`. */
interface ThemeManifest {
  fonts?: string[];
}

/** The fonts a theme's `theme.json` lists, bundled. */
export async function themeFonts(theme: Theme, projectRoot: string): Promise<FontBundle> {
  const manifestPath = themeFile(theme, 'theme.json');
  const manifest: ThemeManifest = manifestPath
    ? JSON.parse(await readFile(manifestPath, 'utf8'))
    : {};
  return bundleFonts(manifest.fonts ?? [], projectRoot);
}

const FONT_DIR = 'assets/fonts';

/**
 * Fontsource stylesheets (`@fontsource/source-serif-4/400.css`) → one stylesheet and the
 * woff2 files it names, copied into the output: no CDN, the same glyphs on every machine.
 * Packages are looked up from the project first, then from Handbook Press itself.
 */
export async function bundleFonts(entries: string[], projectRoot: string): Promise<FontBundle> {
  const lookups = [
    createRequire(path.join(projectRoot, 'package.json')),
    createRequire(import.meta.url),
  ];
  const files = new Map<string, FontFile>();
  const blocks: string[] = [];
  for (const entry of entries) {
    const stylesheet = resolveFrom(lookups, entry);
    const dir = path.dirname(stylesheet);
    const css = await readFile(stylesheet, 'utf8');
    blocks.push(
      // Keep the woff2 source only: every browser that prints or shows the edition reads it.
      css.replace(/src:\s*([^;]+);/g, (_rule, sources: string) => {
        const woff2 = /url\(([^)]+\.woff2)\)\s*format\(['"]woff2['"]\)/.exec(sources);
        if (!woff2) return `src: ${sources};`;
        const name = path.basename(woff2[1]!);
        files.set(name, { source: path.resolve(dir, woff2[1]!), output: `${FONT_DIR}/${name}` });
        return `src: url(${name}) format('woff2');`;
      }),
    );
  }
  return { css: blocks.join('\n'), files: [...files.values()] };
}

function resolveFrom(lookups: NodeJS.Require[], entry: string): string {
  for (const lookup of lookups) {
    try {
      return lookup.resolve(entry);
    } catch {
      // try the next place
    }
  }
  throw new HandbookError(`Font stylesheet \`${entry}\` not found`, {
    hint: `Install it (npm install ${entry.split('/').slice(0, 2).join('/')}) or remove it from the theme's theme.json.`,
  });
}

export const FONT_STYLESHEET = `${FONT_DIR}/fonts.css`;

/** A range of code points, both ends included. */
export type CodePointRange = [number, number];

/**
 * The code points the bundle's fonts have glyphs for, from each `@font-face`'s
 * `unicode-range` (fontsource sets one on every subset), sorted and merged. Undefined when
 * some face has none: then its coverage is unknown.
 */
export function fontCoverage(css: string): CodePointRange[] | undefined {
  const faces = css.match(/@font-face\s*\{[^}]*\}/g) ?? [];
  if (faces.length === 0) return [];
  const ranges: CodePointRange[] = [];
  for (const face of faces) {
    const declared = /unicode-range:\s*([^;}]+)/.exec(face);
    if (!declared) return undefined;
    for (const part of declared[1]!.split(',')) {
      const match = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
      if (!match) continue;
      const low = parseInt(match[1]!.replace(/\?/g, '0'), 16);
      const high = parseInt(match[2] ?? match[1]!.replace(/\?/g, 'f'), 16);
      ranges.push([low, high]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: CodePointRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
