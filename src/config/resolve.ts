import path from 'node:path';
import type { VFile } from 'vfile';
import { keyPosition } from '../load/front-matter.ts';
import { isInside } from '../load/paths.ts';
import { addError } from '../report/messages.ts';
import { markingRank } from './markings.ts';
import { direction, wordsFor } from '../render/wording/wording.ts';
import type { configSchema, Marking, ResolvedConfig } from './schema.ts';

type ParsedConfig = ReturnType<typeof configSchema.parse>;

export interface ResolveOptions {
  root: string;
  /** `--chapters`: overrides the config's chapters folder (absolute). */
  chaptersDir?: string;
  configPath?: string;
  file?: VFile;
  /** Where the tool the project was written for keeps its chapters (absolute). */
  toolChapters?: string;
  /** Whether the user's own config declares a marking scale or a classification. */
  declaresMarkings?: boolean;
}

/** Turn the validated user config into the resolved config every stage reads. */
export function resolveConfig(parsed: ParsedConfig, options: ResolveOptions): ResolvedConfig {
  const markings: Marking[] = parsed.markings.map((m) =>
    typeof m === 'string' ? { label: m } : m,
  );
  let classification = markings[0]!.label;
  if (parsed.classification) {
    const rank = markingRank(markings, parsed.classification);
    if (rank < 0 && options.file) {
      addError(
        options.file,
        `Classification \`${parsed.classification}\` is not on the marking scale (${markings.map((m) => m.label).join(', ')})`,
        undefined,
        'classification',
      );
    }
    classification = markings[rank]?.label ?? parsed.classification;
  }
  const configured = parsed.chapters
    ? path.resolve(options.root, parsed.chapters)
    : (options.toolChapters ?? path.join(options.root, 'chapters'));
  if (!options.chaptersDir && !isInside(options.root, configured) && options.file) {
    // A config is as untrusted as a chapter: it may not point the build outside the project.
    addError(
      options.file,
      `\`chapters: ${parsed.chapters}\` leads outside the project folder; use --chapters to build chapters kept elsewhere`,
      keyPosition(String(options.file.value), 'chapters'),
      'config',
    );
  }
  const languages = [...new Set(parsed.languages ?? [parsed.language])];
  const language = parsed.languages ? languages[0]! : parsed.language;
  return {
    ...parsed,
    language,
    languages,
    words: wordsFor(language, parsed.wording[language]),
    direction: direction(language),
    title: parsed.title ?? titleFromFolder(options.root),
    titleGiven: parsed.title !== undefined,
    markings,
    classification,
    authors: parsed.authors.map((a) => (typeof a === 'string' ? { name: a } : a)),
    distribution: parsed.distribution.map((d) => (typeof d === 'string' ? { recipient: d } : d)),
    chaptersDir: options.chaptersDir ?? configured,
    marked: options.declaresMarkings ?? true,
    ...(options.configPath ? { configPath: options.configPath } : {}),
  };
}

/** "my-field-guide" → "My Field Guide": a readable default title. */
export function titleFromFolder(folder: string): string {
  const base = path.basename(path.resolve(folder)).replace(/^\d+[-_. ]+/, '');
  const words = base.split(/[-_\s]+/).filter(Boolean);
  if (words.length === 0) return 'Handbook';
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}
