import colorNames from 'color-name';

/**
 * A piece of CSS that is safe where it is put: made only by the functions below, each of
 * which escapes or validates what it is given. `css` accepts nothing else, so no text a
 * chapter or the config can shape ever reaches a stylesheet raw.
 */
export class CssValue {
  private constructor(readonly text: string) {}

  /** For this module's constructors only. */
  static of(text: string): CssValue {
    return new CssValue(text);
  }

  toString(): string {
    return this.text;
  }
}

/**
 * Characters written as themselves inside a CSS string; every other one is escaped. Braces
 * and semicolons are escaped too, so that a stylesheet's blocks can be found without
 * parsing its strings.
 */
const PLAIN = /^[\p{L}\p{M}\p{N} !#$%()*+,\-./:=?@[\]^_|~]$/u;

/**
 * Any text as a CSS string literal. Everything but letters, digits, spaces and harmless
 * punctuation becomes a six-digit escape and a space (`\00003c `): quotes, backslashes, every line
 * break CSS knows (LF, CR, form feed), `<` and `>` (so `</style>` cannot appear), control
 * characters and lone surrogates. A string made here can end only where it is closed.
 */
export function cssString(text: string): CssValue {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const lone = code >= 0xd800 && code <= 0xdfff;
    if (!lone && PLAIN.test(char)) out += char;
    // The space ends the escape (CSS takes one space after a hex escape as part of it), so
    // a space the author wrote after it is kept.
    else out += `\\${(lone || code === 0 ? 0xfffd : code).toString(16).padStart(6, '0')} `;
  }
  return CssValue.of(`${out}"`);
}

const HEX_COLOR = /^#(?:[\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i;
const NUMBER = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:%|deg)?`;
const FUNCTION_COLOR = new RegExp(
  String.raw`^(?:rgba?|hsla?)\(\s*${NUMBER}(?:\s*[,\s/]\s*${NUMBER}){2,3}\s*\)$`,
  'i',
);

/** True for a colour as CSS writes it: `#c8102e`, `navy`, `rgb(0 51 160)`, `hsl(…)`. */
export function isCssColor(value: string): boolean {
  const v = value.trim();
  return HEX_COLOR.test(v) || FUNCTION_COLOR.test(v) || Object.hasOwn(colorNames, v.toLowerCase());
}

/** A colour, validated (the schema has refused anything else already). */
export function cssColor(value: string): CssValue {
  if (!isCssColor(value)) throw new TypeError(`Not a CSS colour: ${JSON.stringify(value)}`);
  return CssValue.of(value.trim().toLowerCase());
}

const LENGTH = /^(?:0|(?:\d+\.?\d*|\.\d+)(?:mm|cm|in|pt|pc|px|q|em|rem))$/i;

/** True for a length as the page margins take it: `24mm`, `1in`, `0`. */
export function isCssLength(value: string): boolean {
  return LENGTH.test(value.trim());
}

export function cssLength(value: string): CssValue {
  if (!isCssLength(value)) throw new TypeError(`Not a CSS length: ${JSON.stringify(value)}`);
  return CssValue.of(value.trim());
}

/** A whole number of our own counting (a page number). */
export function cssInteger(value: number): CssValue {
  if (!Number.isSafeInteger(value)) throw new TypeError(`Not an integer: ${value}`);
  return CssValue.of(String(value));
}

/** A keyword or name of our own making (`ch-3`, `A4`): letters, digits and hyphens only. */
export function cssIdent(value: string): CssValue {
  if (!/^[A-Za-z][\w-]*$/.test(value)) throw new TypeError(`Not a CSS name: ${value}`);
  return CssValue.of(value);
}

/** `counter(page)` and its kin, written by us. */
export function cssCounter(name: 'page' | 'front-page', style?: 'lower-roman'): CssValue {
  return CssValue.of(style ? `counter(${name}, ${style})` : `counter(${name})`);
}

/** Several values side by side (`"Page " counter(page)`). */
export function cssJoin(values: CssValue[], separator = ' '): CssValue {
  return CssValue.of(values.map(String).join(separator));
}

/**
 * CSS from a template whose every interpolation is a `CssValue` or a number. Anything
 * else (a plain string) is a mistake in our code and throws.
 */
export function css(strings: TemplateStringsArray, ...values: (CssValue | number)[]): CssValue {
  let out = strings[0]!;
  values.forEach((value, i) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new TypeError('Not a finite number');
      out += String(value);
    } else if (value instanceof CssValue) {
      out += value.text;
    } else {
      throw new TypeError(`Raw value in CSS: ${JSON.stringify(value)}`);
    }
    out += strings[i + 1]!;
  });
  return CssValue.of(out);
}

/** WCAG 2's relative luminance of an sRGB colour. */
export function relativeLuminance([r, g, b]: [number, number, number]): number {
  const [lr, lg, lb] = [r, g, b]
    .map((c) => c / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lr! + 0.7152 * lg! + 0.0722 * lb!;
}

/** WCAG 2's contrast for normal text, which the 8.5 pt markings in the page margins are. */
export const TEXT_CONTRAST = 4.5;

/**
 * The colour itself when it reads on white, else the darkest-needed shade of it that does:
 * a prescribed orange TOP SECRET stays orange in the margins, only dark enough to be read.
 */
export function inkOnWhite(color: string): string {
  const rgb = rgbOf(color);
  if (!rgb) return color;
  for (let scale = 1; scale > 0; scale -= 0.02) {
    const shade = rgb.map((c) => Math.round(c * scale)) as [number, number, number];
    if (1.05 / (relativeLuminance(shade) + 0.05) >= TEXT_CONTRAST)
      return scale === 1 ? color : `#${shade.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return '#000000';
}

/** Points in a CSS length that `isCssLength` accepts (absolute units; 0 for others). */
export function cssLengthInPoints(value: string): number {
  const match = /^(-?[\d.]+)\s*(mm|cm|in|pt|pc|px|q)?$/i.exec(value.trim());
  if (!match) return 0;
  const per: Record<string, number> = {
    mm: 72 / 25.4,
    cm: 720 / 25.4,
    in: 72,
    pt: 1,
    pc: 12,
    px: 0.75,
    q: 72 / 101.6,
  };
  return Number(match[1]) * (per[(match[2] ?? 'pt').toLowerCase()] ?? 0);
}

/** The red, green and blue (0–255) of a colour `isCssColor` accepts; undefined otherwise. */
export function rgbOf(value: string): [number, number, number] | undefined {
  const v = value.trim().toLowerCase();
  if (Object.hasOwn(colorNames, v)) return [...colorNames[v as keyof typeof colorNames]];
  const hex = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/.exec(v)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
  }
  if (!FUNCTION_COLOR.test(v)) return undefined;
  const numbers = [...v.matchAll(new RegExp(NUMBER, 'g'))].map((m) => m[0]);
  const amount = (n: string, scale: number) =>
    n.endsWith('%') ? (parseFloat(n) / 100) * scale : parseFloat(n);
  if (v.startsWith('rgb')) {
    return numbers.slice(0, 3).map((n) => clamp(amount(n, 255), 255)) as [number, number, number];
  }
  const [h = '0', s = '0', l = '0'] = numbers;
  return hslToRgb(parseFloat(h), clamp(amount(s, 1), 1), clamp(amount(l, 1), 1));
}

function clamp(n: number, max: number): number {
  return Math.min(max, Math.max(0, n));
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [f(0), f(8), f(4)].map((x) => Math.round(x * 255)) as [number, number, number];
}
