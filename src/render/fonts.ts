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
  /** What the stylesheets say besides their faces: the family stacks. */
  rest?: string;
  files: FontFile[];
  /** Each `@font-face`, in order: its woff2 file and the code points it is declared for. */
  faces: BundledFace[];
}

export interface BundledFace {
  /** Absolute path of the woff2 file. */
  source: string;
  /** Its `@font-face` rule, pointing at the copied file. */
  rule?: string;
  /** The copied file, inside the output. */
  output?: string;
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
        const rule = face.replace(/src:\s*([^;]+);/, `src: url(${name}) format('woff2');`);
        faces.push({
          source,
          rule,
          output: `${FONT_DIR}/${name}`,
          ...(declared ? { ranges: parseUnicodeRange(declared[1]!) } : {}),
        });
        return FACE_MARK;
      }),
    );
  }
  // Every family, for the theme's font stacks (`'Source Serif 4', var(--theme-fonts), serif`):
  // a font listed for another script is then used wherever its characters appear. A name
  // no font has keeps the stacks valid when the theme bundles none.
  const families = new Set(
    [...blocks.join('\n').matchAll(/font-family:\s*([^;]+);/g)].map((m) => m[1]!.trim()),
  );
  const names = [
    ...new Set(faces.map((f) => /font-family:\s*([^;]+);/.exec(f.rule ?? '')?.[1]?.trim())),
  ].filter((n): n is string => n !== undefined);
  for (const name of families) if (!names.includes(name)) names.push(name);
  blocks.push(familyStacks(names));
  const rest = blocks.join('\n').replaceAll(FACE_MARK, '');
  return {
    css: [...faces.map((f) => f.rule), rest].join('\n'),
    rest,
    files: [...files.values()],
    faces,
  };
}

/** Where a face's rule stood in its stylesheet: the rules are chosen by use (usedFonts). */
const FACE_MARK = '/* face */';

/**
 * `--theme-fonts`: every family, for the theme's stacks. Chinese, Japanese and Korean
 * share most characters and draw them differently, so the font of the text's own
 * language comes first wherever a `lang` says which.
 */
function familyStacks(families: string[]): string {
  const stack = (first?: string) => {
    const list = first ? [first, ...families.filter((f) => f !== first)] : families;
    return list.length > 0 ? list.join(', ') : "'no bundled font'";
  };
  const rules = [`:root {\n  --theme-fonts: ${stack()};\n}`];
  const byLanguage: [string, RegExp][] = [
    ['[lang|="ja"]', /Noto Sans JP/],
    ['[lang|="ko"]', /Noto Sans KR/],
    [
      '[lang="zh-Hant"], [lang^="zh-Hant-"], [lang|="zh-TW"], [lang|="zh-HK"], [lang|="zh-MO"]',
      /Noto Sans TC/,
    ],
    ['[lang|="zh"]', /Noto Sans SC/],
  ];
  for (const [selector, family] of byLanguage.slice().reverse()) {
    const name = families.find((f) => family.test(f));
    if (name) rules.push(`${selector} {\n  --theme-fonts: ${stack(name)};\n}`);
  }
  return rules.join('\n');
}

/**
 * The part of the bundle a handbook needs, as the browser chooses: for each character, in
 * each of the theme's stacks (a first-choice family, then `--theme-fonts`), the first
 * family whose `unicode-range` holds it. A face no character leads to is neither copied
 * nor declared: a handbook in French carries none of a Chinese font's 100 files. Of the
 * Chinese, Japanese and Korean fonts, which share most characters, only those of the
 * languages in use (`languages`) count; Simplified Chinese when none says which.
 */
export function usedFonts(
  bundle: FontBundle,
  used: Set<number>,
  primaries: string[],
  languages: string[] = [],
): { css: string; files: FontFile[] } {
  const familyOf = (face: BundledFace) =>
    /font-family:\s*([^;]+);/.exec(face.rule ?? '')?.[1]?.trim() ?? '';
  const cjk = cjkFamilies(languages);
  const order: string[] = [];
  for (const face of bundle.faces) {
    const family = familyOf(face);
    const unwanted =
      CJK.some(([, pattern]) => pattern.test(family)) && !cjk.some((p) => p.test(family));
    if (!unwanted && !order.includes(family)) order.push(family);
  }
  const faces = new Map(order.map((f) => [f, bundle.faces.filter((face) => familyOf(face) === f)]));
  const holds = (family: string, c: number) =>
    faces
      .get(family)!
      .some((face) => !face.ranges || face.ranges.some(([l, h]) => c >= l && c <= h));
  const chosen = new Set<string>();
  const stacks = primaries.map((p) => `'${p}'`).filter((p) => order.includes(p));
  for (const c of used) {
    for (const first of stacks.length > 0 ? stacks : [undefined]) {
      const stack = first ? [first, ...order.filter((f) => f !== first)] : order;
      const family = stack.find((f) => holds(f, c));
      if (family) chosen.add(`${family}\0${c}`);
    }
  }
  const needed = bundle.faces.filter((face) => {
    const family = familyOf(face);
    if (!faces.has(family)) return false;
    if (!face.ranges) return true;
    return face.ranges.some(([low, high]) => anyChosen(chosen, family, used, low, high));
  });
  return {
    css: [...needed.map((f) => f.rule), bundle.rest ?? ''].join('\n'),
    files: needed.map((f) => ({ source: f.source, output: f.output! })),
  };
}

/** The families the theme's stylesheets name before `var(--theme-fonts)`: its first choices. */
export async function firstChoiceFamilies(theme: Theme): Promise<string[]> {
  const families = new Set<string>();
  for (const name of ['assets/handbook.css', 'assets/print.css', 'assets/scripts.css']) {
    const file = themeFile(theme, name);
    if (!file) continue;
    const text = await readThemeText(theme, file);
    for (const m of text.matchAll(/['"]([^'"]+)['"]\s*,\s*var\(--theme-fonts\)/g))
      families.add(m[1]!);
  }
  return [...families];
}

const CJK: [string, RegExp][] = [
  ['ja', /Noto Sans JP/],
  ['ko', /Noto Sans KR/],
  ['zh-Hant', /Noto Sans TC/],
  ['zh', /Noto Sans SC/],
];

function cjkFamilies(languages: string[]): RegExp[] {
  const wanted = languages.map((l) => {
    const [base] = l.split('-');
    if (base !== 'zh') return base!;
    return /Hant|TW|HK|MO/i.test(l) ? 'zh-Hant' : 'zh';
  });
  const found = CJK.filter(([l]) => wanted.includes(l)).map(([, p]) => p);
  return found.length > 0 ? found : [/Noto Sans SC/];
}

function anyChosen(
  chosen: Set<string>,
  family: string,
  used: Set<number>,
  low: number,
  high: number,
) {
  if (high - low < used.size) {
    for (let c = low; c <= high; c++) if (chosen.has(`${family}\0${c}`)) return true;
    return false;
  }
  for (const c of used) if (c >= low && c <= high && chosen.has(`${family}\0${c}`)) return true;
  return false;
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
