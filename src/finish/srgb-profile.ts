import { concat } from './bytes.ts';

/**
 * An ICC v2 display profile of sRGB (IEC 61966-2.1), generated: PDF/A needs one in its
 * output intent, none ships in a well-kept npm package, and the bytes are the same on
 * every machine. Primaries are sRGB's adapted to the D50 connection space (Bradford), the
 * tone curve the sRGB transfer function sampled at 1024 points.
 */
export const SRGB_PROFILE_NAME = 'sRGB IEC61966-2.1';

let made: Uint8Array | undefined;

export function srgbProfile(): Uint8Array {
  made ??= build();
  return made;
}

const D50 = [0.9642, 1.0, 0.8249];
const RED = [0.436065, 0.222488, 0.013916];
const GREEN = [0.385147, 0.716873, 0.097076];
const BLUE = [0.143066, 0.060608, 0.714096];

function build(): Uint8Array {
  const curve = Array.from({ length: 1024 }, (_, i) => {
    const v = i / 1023;
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return Math.round(linear * 65535);
  });
  const trc = tag('curv', [u32(curve.length), ...curve.map(u16)]);
  const tags: [string, Uint8Array][] = [
    ['desc', description(SRGB_PROFILE_NAME)],
    ['cprt', tag('text', [ascii('No copyright, use freely\0')])],
    ['wtpt', xyz(D50)],
    ['rXYZ', xyz(RED)],
    ['gXYZ', xyz(GREEN)],
    ['bXYZ', xyz(BLUE)],
    ['rTRC', trc],
    ['gTRC', trc],
    ['bTRC', trc],
  ];
  // The three tone curves share one copy of the data, as profiles usually do.
  const unique = [...new Set(tags.map(([, data]) => data))];
  const tableSize = 4 + tags.length * 12;
  const offsets = new Map<Uint8Array, number>();
  let offset = 128 + tableSize;
  for (const data of unique) {
    offsets.set(data, offset);
    offset += align(data.length);
  }
  const out = new Uint8Array(offset);
  const view = new DataView(out.buffer);
  // Header (ICC.1:2001-04, 6.1).
  view.setUint32(0, offset);
  view.setUint32(8, 0x02100000);
  out.set(ascii('mntrRGB XYZ '), 12);
  [2026, 1, 1, 0, 0, 0].forEach((n, i) => view.setUint16(24 + i * 2, n));
  out.set(ascii('acsp'), 36);
  D50.forEach((n, i) => view.setInt32(68 + i * 4, fixed(n)));
  // Tag table, then the data.
  view.setUint32(128, tags.length);
  tags.forEach(([signature, data], i) => {
    const at = 132 + i * 12;
    out.set(ascii(signature), at);
    view.setUint32(at + 4, offsets.get(data)!);
    view.setUint32(at + 8, data.length);
  });
  for (const data of unique) out.set(data, offsets.get(data)!);
  return out;
}

/** textDescriptionType: the ASCII name, and empty Unicode and ScriptCode names. */
function description(name: string): Uint8Array {
  return tag('desc', [
    u32(name.length + 1),
    ascii(`${name}\0`),
    new Uint8Array(4 + 4 + 2 + 1 + 67),
  ]);
}

function xyz(values: number[]): Uint8Array {
  return tag(
    'XYZ ',
    values.map((n) => i32(fixed(n))),
  );
}

/** A tag's data: its type signature, four reserved bytes, then the body. */
function tag(type: string, body: Uint8Array[]): Uint8Array {
  return concat([ascii(type), new Uint8Array(4), ...body]);
}

const fixed = (n: number) => Math.round(n * 65536);
const align = (n: number) => Math.ceil(n / 4) * 4;
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const u16 = (n: number) => bytes(2, (v) => v.setUint16(0, n));
const u32 = (n: number) => bytes(4, (v) => v.setUint32(0, n));
const i32 = (n: number) => bytes(4, (v) => v.setInt32(0, n));

function bytes(length: number, write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(length);
  write(new DataView(out.buffer));
  return out;
}
