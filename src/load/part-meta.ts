import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { location } from 'vfile-location';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Diagnostics } from '../report/diagnostics.ts';
import { addError } from '../report/messages.ts';
import { placeZodIssues, yamlReason } from '../report/yaml-positions.ts';
import type { FoundEntry } from './discover.ts';

/** `_part.yml` in a chapter folder: how the part is titled and ordered. */
export const partSchema = z.strictObject({
  title: z.string().min(1).optional(),
  summary: z.string().optional(),
  order: z.number().finite().optional(),
});

export type PartMeta = z.output<typeof partSchema>;

/** Read a folder's optional `_part.yml`; problems are reported and the defaults used. */
export async function readPartMeta(entry: FoundEntry, diagnostics: Diagnostics): Promise<PartMeta> {
  const absolute = path.join(entry.absolute, '_part.yml');
  if (!existsSync(absolute)) return {};
  const value = await readFile(absolute, 'utf8');
  const file = diagnostics.file(absolute, value);
  const place = location(file);
  const doc = parseDocument(value, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    addError(file, `Invalid YAML: ${yamlReason(first)}`, place.toPoint(first.pos[0]), 'config');
    return {};
  }
  const result = partSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  for (const issue of placeZodIssues(doc, result.error, Object.keys(partSchema.shape))) {
    addError(file, issue.reason, issue.range ? place.toPoint(issue.range[0]) : undefined, 'config');
  }
  return {};
}
