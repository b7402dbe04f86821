/** An operator of a content stream, with where its operands start and where it ends. */
export interface ContentOperator {
  name: string;
  /** Offset of its first operand (or of the operator itself when it has none). */
  start: number;
  /** Offset just after the operator. */
  end: number;
}

/** Byte classes, looked up by table: a page's stream is tens of thousands of bytes. */
const WHITE = 1;
const DELIMITER = 2;
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = WHITE;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = DELIMITER;

/**
 * The operators of a PDF content stream (ISO 32000-1 §7.8.2) that `names` lists, in
 * order. Strings, hex strings, names, arrays and dictionaries are skipped as operands, so
 * a `(BT)` in a string is never an operator; an inline image's data (`BI … ID … EI`) is
 * skipped whole. Operators are told apart by their bytes: most of a page is `Td` and `Tj`,
 * and no string is made for an operator nobody asked for.
 */
export function contentOperators(bytes: Uint8Array, names: ReadonlySet<string>): ContentOperator[] {
  const wanted = new Map<number, string>();
  for (const name of names) wanted.set(keyOf(Buffer.from(name, 'latin1'), 0, name.length), name);
  const inlineImage = keyOf(Buffer.from('BI', 'latin1'), 0, 2);
  const operators: ContentOperator[] = [];
  const n = bytes.length;
  let operandStart = -1;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    const kind = CLASS[c];
    if (kind === WHITE) {
      i++;
      continue;
    }
    if (kind === DELIMITER) {
      if (c === 0x25) {
        while (i < n && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
        continue;
      }
      if (operandStart < 0) operandStart = i;
      if (c === 0x28) i = skipString(bytes, i);
      else if (c === 0x3c && bytes[i + 1] === 0x3c) i = skipDictionary(bytes, i);
      else if (c === 0x3c) {
        while (i < n && bytes[i] !== 0x3e) i++;
        i++;
      } else if (c === 0x2f) {
        i++;
        while (i < n && CLASS[bytes[i]!] === 0) i++;
      } else i++;
      continue;
    }
    const at = i;
    while (i < n && CLASS[bytes[i]!] === 0) i++;
    // Numbers and the literals true, false, null are operands.
    if (
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2b ||
      c === 0x2d ||
      c === 0x2e ||
      isLiteral(bytes, at, i)
    ) {
      if (operandStart < 0) operandStart = at;
      continue;
    }
    const key = keyOf(bytes, at, i - at);
    const start = operandStart < 0 ? at : operandStart;
    operandStart = -1;
    if (key === inlineImage) {
      // Inline image: its data runs from `ID` to the `EI` that stands alone.
      let j = i;
      while (j < n && !isWord(bytes, j, 0x49, 0x44)) j++;
      j += 3;
      while (j < n && !isWord(bytes, j, 0x45, 0x49)) j++;
      i = Math.min(n, j + 2);
    }
    const name = wanted.get(key);
    if (name !== undefined) operators.push({ name, start, end: i });
  }
  return operators;
}

/** An operator's bytes as one number (operators have at most three); -1 for longer ones. */
function keyOf(bytes: Uint8Array, at: number, length: number): number {
  if (length > 3) return -1;
  let key = length;
  for (let k = 0; k < length; k++) key = key * 256 + bytes[at + k]!;
  return key;
}

function isLiteral(bytes: Uint8Array, at: number, end: number): boolean {
  const length = end - at;
  const text = length === 4 || length === 5 ? String.fromCharCode(...bytes.subarray(at, end)) : '';
  return text === 'true' || text === 'false' || text === 'null';
}

/** `(…)` with nested parentheses and backslash escapes; returns the offset after it. */
function skipString(bytes: Uint8Array, from: number): number {
  let depth = 0;
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return bytes.length;
}

/** `<< … >>`, nested, strings inside skipped; returns the offset after it. */
function skipDictionary(bytes: Uint8Array, from: number): number {
  let depth = 0;
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x28) i = skipString(bytes, i) - 1;
    else if (c === 0x3c && bytes[i + 1] === 0x3c) {
      depth++;
      i++;
    } else if (c === 0x3e && bytes[i + 1] === 0x3e) {
      i++;
      if (--depth === 0) return i + 1;
    }
  }
  return bytes.length;
}

/** A two-letter operator standing alone at `at` (white space or the ends around it). */
function isWord(bytes: Uint8Array, at: number, first: number, second: number): boolean {
  return (
    bytes[at] === first &&
    bytes[at + 1] === second &&
    (at === 0 || CLASS[bytes[at - 1]!] === WHITE) &&
    (at + 2 >= bytes.length || CLASS[bytes[at + 2]!] === WHITE)
  );
}
