import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseDocument } from 'yaml';
import { readGuarded } from '../../guard/files.ts';
import { decodeText } from '../read-text.ts';

/** A problem in another tool's file: said as a warning there; the build goes on. */
export type Report = (
  file: string,
  reason: string,
  place?: { line: number; column: number },
) => void;

/** Tool config files are small; a big one is not one. */
const MAX_BYTES = 2 * 1024 * 1024;

/** The text of a file of the project, through the file guard; undefined when there is none. */
export async function readToolFile(
  root: string,
  relative: string,
  report: Report,
): Promise<string | undefined> {
  const absolute = path.join(root, relative);
  const read = await readGuarded(root, absolute, { maxBytes: MAX_BYTES });
  if (read.ok) return decodeText(read.bytes);
  if (read.refusal.kind !== 'missing')
    report(absolute, `\`${relative}\` ${read.refusal.reason}; it is not read`);
  return undefined;
}

/** TOML as plain data; a syntax error is reported at its line. */
export function tomlData(text: string, file: string, report: Report): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const place =
      error instanceof TomlError ? { line: error.line, column: error.column } : undefined;
    report(file, `Cannot read this TOML: ${(error as Error).message.split('\n')[0]}`, place);
    return {};
  }
}

/** YAML as plain data (tags of other tools, such as MkDocs' `!ENV`, read as their text). */
export function yamlToolData(text: string, file: string, report: Report): Record<string, unknown> {
  const doc = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    report(
      file,
      `Cannot read this YAML: ${first.message.split('\n')[0]}`,
      at ? { line: at.line, column: at.col } : undefined,
    );
    return {};
  }
  try {
    const data: unknown = doc.toJS({ maxAliasCount: 100 });
    return data && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : {};
  } catch (error) {
    report(file, `Cannot read this YAML: ${(error as Error).message}`);
    return {};
  }
}

/** A string value, or undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A list of strings from a string or an array of them. */
export function texts(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  return Array.isArray(value) ? value.flatMap((v) => text(v) ?? []) : [];
}

/** A language tag another tool wrote (`en_US`, `pt-br`), as BCP 47, or undefined. */
export function languageTag(value: unknown): string | undefined {
  const written = text(value)?.replace(/_/g, '-');
  if (!written) return undefined;
  try {
    return Intl.getCanonicalLocales(written)[0];
  } catch {
    return undefined;
  }
}

/** Config values with the undefined ones left out. */
export function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  );
}
