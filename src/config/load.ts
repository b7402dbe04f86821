import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { location } from 'vfile-location';
import { parseDocument } from 'yaml';
import { addError } from '../report/messages.ts';
import { placeZodIssues, spanOf, yamlReason } from '../report/yaml-positions.ts';
import { configSchema, type UserConfig } from './schema.ts';

/** File names tried, in order, in the project folder. */
export const CONFIG_NAMES = ['handbook.yml', 'handbook.yaml'];

export interface LoadedConfig {
  /** The config file as a VFile (for messages), or undefined when the project has none. */
  file?: VFile;
  /** The validated config; undefined when the file has errors (they are on `file`). */
  config?: ReturnType<typeof configSchema.parse>;
}

/** Find, parse and validate the project's config; a missing file means all defaults. */
export async function loadConfig(
  root: string,
  displayPath: (p: string) => string,
): Promise<LoadedConfig> {
  const name = CONFIG_NAMES.find((n) => existsSync(path.join(root, n)));
  if (!name) return { config: configSchema.parse({}) };
  const absolute = path.join(root, name);
  const value = await readFile(absolute, 'utf8');
  const file = new VFile({ path: displayPath(absolute), value, data: { absolutePath: absolute } });
  const config = parseConfigText(file, value);
  return { file, config };
}

/** Parse config text held by `file`, recording YAML and schema problems on it with positions. */
export function parseConfigText(file: VFile, value: string): LoadedConfig['config'] {
  const place = location(file);
  const doc = parseDocument(value, { prettyErrors: false, uniqueKeys: true });
  for (const error of doc.errors) {
    addError(file, `Invalid YAML: ${yamlReason(error)}`, place.toPoint(error.pos[0]), 'config');
  }
  if (doc.errors.length > 0) return undefined;
  const data: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const known = Object.keys(configSchema.shape);
  for (const issue of placeZodIssues(doc, result.error, known)) {
    addError(file, issue.reason, spanOf(place, issue.range), 'config');
  }
  return undefined;
}

export type { UserConfig };
