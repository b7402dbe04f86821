import path from 'node:path';
import { location } from 'vfile-location';
import { parseDocument } from 'yaml';
import * as z from 'zod';
import type { Diagnostics } from '../report/diagnostics.ts';
import { readGuarded } from '../guard/files.ts';
import { addError, addWarning } from '../report/messages.ts';
import { placeZodIssues, yamlData, yamlReason } from '../report/yaml-positions.ts';
import { decodeText } from './read-text.ts';
import type { FoundEntry } from './discover.ts';

/** `_part.yml` in a chapter folder: how the part is titled and ordered. */
export const partSchema = z.strictObject({
  title: z.string().min(1).optional(),
  summary: z.string().optional(),
  order: z.number().finite().optional(),
});

export type PartMeta = z.output<typeof partSchema>;

/** Part files are a few lines; anything bigger is not one. */
const MAX_PART_BYTES = 64 * 1024;

/**
 * Read a folder's optional `_part.yml` (or Docusaurus' `_category_.json`: `label`,
 * `position`); problems are reported and the defaults used.
 */
export async function readPartMeta(
  entry: FoundEntry,
  root: string,
  diagnostics: Diagnostics,
): Promise<PartMeta> {
  const category = await readCategory(entry, root);
  if (category) return category;
  const absolute = path.join(entry.absolute, '_part.yml');
  const read = await readGuarded(root, absolute, { maxBytes: MAX_PART_BYTES });
  if (!read.ok) {
    if (read.refusal.kind === 'missing') return {};
    const rule = read.refusal.kind === 'outside' ? 'outside-project' : 'refused-file';
    addWarning(
      diagnostics.file(absolute),
      `Part file ${read.refusal.reason}; it is not read`,
      undefined,
      rule,
    );
    return {};
  }
  const value = decodeText(read.bytes);
  const file = diagnostics.file(absolute, value);
  const place = location(file);
  const doc = parseDocument(value, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    addError(file, `Invalid YAML: ${yamlReason(first)}`, place.toPoint(first.pos[0]), 'config');
    return {};
  }
  const data = yamlData(doc, file, place);
  if (!data.ok) return {};
  const result = partSchema.safeParse(data.value ?? {});
  if (result.success) return result.data;
  for (const issue of placeZodIssues(doc, result.error, Object.keys(partSchema.shape))) {
    addError(file, issue.reason, issue.range ? place.toPoint(issue.range[0]) : undefined, 'config');
  }
  return {};
}

/** Docusaurus' `_category_.json` of a folder, read for its label and position only. */
async function readCategory(entry: FoundEntry, root: string): Promise<PartMeta | undefined> {
  const read = await readGuarded(root, path.join(entry.absolute, '_category_.json'), {
    maxBytes: MAX_PART_BYTES,
  });
  if (!read.ok) return undefined;
  try {
    const data = JSON.parse(decodeText(read.bytes)) as { label?: unknown; position?: unknown };
    return {
      ...(typeof data.label === 'string' && data.label ? { title: data.label } : {}),
      ...(typeof data.position === 'number' && Number.isFinite(data.position)
        ? { order: data.position }
        : {}),
    };
  } catch {
    return undefined;
  }
}
