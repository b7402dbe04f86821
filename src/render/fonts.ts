import { createRequire } from 'node:module';
import path from 'node:path';
import { readGuarded } from '../guard/files.ts';
import { isInside } from '../load/paths.ts';
import { HandbookError } from '../report/errors.ts';
import { parse as parseJson, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { readThemeText, themeFile, themeFileError, type Theme } from './theme.ts';

/** A font file to copy into the output, and where it goes. */
export interface FontFile {
  source: string;
  output: string;
}

export interface FontBundle {
  /** The `@font-face` rules, with URLs relative to `assets/fonts/`. */
  css: string;
  files: FontFile[];
  /** Each `@font-face`, in order: its woff2 file and the code points it is declared for. */
  faces: BundledFace[];
}

export interface BundledFace {
  /** Absolute path of the woff2 file. */
  source: string;
  /** Its `unicode-range`; undefined when it declares none (any character may be in it). */
  ranges?: CodePointRange[];
}

/** What a theme declares in `theme.json`. */
interface ThemeManifest {
  fonts?: string[];
}

/** Bundles by project and `theme.json` text: `handbook dev` rebuilds do not resolve them again. */
const bundles = new Map<string, Promise<FontBundle>>();

/** The fonts a theme's `theme.json` lists, bundled. */
export async function themeFonts(theme: Theme, projectRoot: string): Promise<FontBundle> {
  const manifestPath = themeFile(theme, 'theme.json');
  const text = manifestPath ? await readThemeText(theme, manifestPath) : '{}';
  const key = `${projectRoot}\0${text}`;
  let bundle = bundles.get(key);
  if (!bundle) {
    const manifest = parseManifest(manifestPath, text);
    bundle = bundleFonts(manifest.fonts ?? [], projectRoot);
    // A failure (a package not installed yet) is not kept: the next build tries again.
    bundle.catch(() => bundles.delete(key));
    bundles.set(key, bundle);
  }
  return bundle;
}

/** theme.json, strictly (no comments, no trailing commas), or an error at its line and column. */
function parseManifest(file: string | undefined, text: string): ThemeManifest {
  const errors: ParseError[] = [];
  const manifest = parseJson(text, errors, { disallowComments: true }) as ThemeManifest;
  const [first] = errors;
  if (!first) return manifest ?? {};
  throw themeFileError(
    file ?? 'theme.json',
    text,
    first.offset,
    `Invalid JSON: ${words(printParseErrorCode(first.error))}`,
    'theme.json lists the fontsource stylesheets to bundle: { "fonts": ["…"] }.',
  );
}

const FONT_DIR = 'assets/fonts';

/** `@fontsource/source-serif-4/400.css`, `my-fonts/latin.css`: a package and a stylesheet in it. */
const PACKAGE_STYLESHEET = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*\/[\w./-]+\.css$/i;

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
  const faces: BundledFace[] = [];
  const blocks: string[] = [];
  for (const entry of entries) {
    if (!PACKAGE_STYLESHEET.test(entry) || entry.split('/').includes('..')) {
      throw new HandbookError(`Font \`${entry}\` in theme.json is not a stylesheet of a package`, {
        hint: 'List fontsource stylesheets by package, e.g. "@fontsource/noto-sans-arabic/400.css".',
      });
    }
    const stylesheet = resolveFrom(lookups, entry);
    const dir = path.dirname(stylesheet);
    const read = await readGuarded(dir, stylesheet, { maxBytes: 4 * 1024 * 1024 });
    if (!read.ok) throw new HandbookError(`Font stylesheet \`${entry}\` ${read.refusal.reason}`);
    const css = read.bytes.toString('utf8');
    blocks.push(
      // Keep the woff2 source only: every browser that prints or shows the edition reads it.
      css.replace(/@font-face\s*\{[^}]*\}/g, (face) => {
        const woff2 = /url\(([^)]+\.woff2)\)\s*format\(['"]woff2['"]\)/.exec(face);
        if (!woff2) return face;
        const name = path.basename(woff2[1]!);
        const source = path.resolve(dir, woff2[1]!);
        // A font's files sit beside its stylesheet, in its package; nothing else is copied.
        if (!isInside(dir, source) || !/^[\w.-]+\.woff2$/.test(name)) return '';
        files.set(name, { source, output: `${FONT_DIR}/${name}` });
        const declared = /unicode-range:\s*([^;}]+)/.exec(face);
        faces.push({ source, ...(declared ? { ranges: parseUnicodeRange(declared[1]!) } : {}) });
        return face.replace(/src:\s*([^;]+);/, `src: url(${name}) format('woff2');`);
      }),
    );
  }
  // Every family, for the theme's font stacks (`'Source Serif 4', var(--theme-fonts), serif`):
  // a font listed for another script is then used wherever its characters appear. A name
  // no font has keeps the stacks valid when the theme bundles none.
  const families = new Set(
    [...blocks.join('\n').matchAll(/font-family:\s*([^;]+);/g)].map((m) => m[1]!.trim()),
  );
  const stack = families.size > 0 ? [...families].join(', ') : "'no bundled font'";
  blocks.push(`:root {\n  --theme-fonts: ${stack};\n}`);
  return { css: blocks.join('\n'), files: [...files.values()], faces };
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

/** `U+0000-00FF, U+0131, U+4??` → ranges of code points. */
export function parseUnicodeRange(value: string): CodePointRange[] {
  const ranges: CodePointRange[] = [];
  for (const part of value.split(',')) {
    const match = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
    if (!match) continue;
    const low = parseInt(match[1]!.replace(/\?/g, '0'), 16);
    const high = parseInt(match[2] ?? match[1]!.replace(/\?/g, 'f'), 16);
    ranges.push([low, high]);
  }
  return ranges;
}

/** `ValueExpected` → `value expected`. */
function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
