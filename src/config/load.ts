import { existsSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { location } from 'vfile-location';
import { parseDocument } from 'yaml';
import { addError } from '../report/messages.ts';
import { readGuarded } from '../guard/files.ts';
import { decodeText } from '../load/read-text.ts';
import { checkMarkingContrast } from './marking-contrast.ts';
import { placeZodIssues, spanOf, yamlData, yamlReason } from '../report/yaml-positions.ts';
import { configSchema, type UserConfig } from './schema.ts';

/** File names tried, in order, in the project folder. */
export const CONFIG_NAMES = ['handbook.yml', 'handbook.yaml'];

export interface LoadedConfig {
  /** The config file as a VFile (for messages), or undefined when the project has none. */
  file?: VFile;
  /** The validated config; undefined when the file has errors (they are on `file`). */
  config?: ReturnType<typeof configSchema.parse>;
  /** The keys the user wrote, before defaults (what they chose, as opposed to what applies). */
  written?: Record<string, unknown>;
}

/**
 * Values another tool's files give (title, language …), asked for once the user's own
 * config is read: what `handbook.yml` sets always wins.
 */
export type ConfigDefaults = (written: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Find, parse and validate the project's config; a missing file means all defaults. */
export async function loadConfig(
  root: string,
  displayPath: (p: string) => string,
  defaults: ConfigDefaults = async () => ({}),
): Promise<LoadedConfig> {
  const name = CONFIG_NAMES.find((n) => existsSync(path.join(root, n)));
  if (!name) return { config: configSchema.parse(await defaults({})), written: {} };
  const absolute = path.join(root, name);
  const file = new VFile({ path: displayPath(absolute), data: { absolutePath: absolute } });
  const read = await readGuarded(root, absolute, { maxBytes: MAX_CONFIG_BYTES });
  if (!read.ok) {
    // Without its config the handbook would be built wrong (title, markings): an error.
    addError(file, `The config file ${read.refusal.reason}`, undefined, 'config');
    return { file };
  }
  const value = decodeText(read.bytes);
  file.value = value;
  return parseConfigText(file, value, defaults);
}

/** A config is a page or two of YAML; anything much bigger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Parse config text held by `file`, recording YAML and schema problems on it with positions. */
export async function parseConfigText(
  file: VFile,
  value: string,
  defaults: ConfigDefaults = async () => ({}),
): Promise<LoadedConfig> {
  const place = location(file);
  const doc = parseDocument(value, { prettyErrors: false, uniqueKeys: true });
  for (const error of doc.errors) {
    addError(file, `Invalid YAML: ${yamlReason(error)}`, place.toPoint(error.pos[0]), 'config');
  }
  if (doc.errors.length > 0) return { file };
  const read = yamlData(doc, file, place);
  if (!read.ok) return { file };
  const data: unknown = read.value ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    addError(
      file,
      'The config must be a mapping of keys to values',
      { line: 1, column: 1 },
      'config',
    );
    return { file };
  }
  const written = data as Record<string, unknown>;
  const result = configSchema.safeParse({ ...(await defaults(written)), ...written });
  if (result.success) {
    // Only the colours the author wrote: the defaults are printed readable as they are.
    checkMarkingContrast(doc, file, place, written);
    return { file, config: result.data, written };
  }
  const known = Object.keys(configSchema.shape);
  for (const issue of placeZodIssues(doc, result.error, known)) {
    addError(file, issue.reason, spanOf(place, issue.range), 'config');
  }
  return { file, written };
}

export type { UserConfig };
