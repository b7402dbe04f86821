import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/schema.ts';
import type { Chapter, TranslatedSources } from '../model/book.ts';
import { discover, type FoundEntry } from './discover.ts';
import type { PartMeta } from './part-meta.ts';

/** `kosovo.fr.md` → `fr`: a file's language suffix, when it has one. */
const SUFFIX = /\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\.(?:md|markdown|mdx)$/;

/**
 * Where a handbook keeps its translations: each language other than the original in a
 * folder of its own (`chapters/fr/`, or the folder another tool names, such as Hugo's
 * `content/fr/`), or beside the originals with a suffix (`02-kosovo.fr.md`), or among them
 * with `lang: fr` in their front-matter.
 */
export class TranslationLayout {
  /** The folder of each translated language (absolute), whether or not it exists. */
  readonly folders = new Map<string, string>();

  constructor(
    readonly config: ResolvedConfig,
    toolFolders: Record<string, string> = {},
  ) {
    for (const language of config.languages.slice(1)) {
      this.folders.set(language, toolFolders[language] ?? folderOf(config.chaptersDir, language));
    }
  }

  get translated(): boolean {
    return this.folders.size > 0;
  }

  /** The language a file's suffix names, when it is one of the handbook's translations. */
  suffixLanguage(relative: string): string | undefined {
    const match = SUFFIX.exec(relative);
    return match ? this.languageOf(match[1]!) : undefined;
  }

  /** A tag as written (`fr`, `FR`, `pt_BR`) → the handbook's own spelling of that language. */
  languageOf(written: string): string | undefined {
    const wanted = written.replace('_', '-').toLowerCase();
    return [...this.folders.keys()].find((l) => l.toLowerCase() === wanted);
  }

  /** Folders that hold no originals. */
  exclusions(): string[] {
    return [...this.folders.values()];
  }
}

/** `chapters/fr`, or `chapters/FR`, `chapters/fr-ca` as the folder is spelled on disk. */
function folderOf(chaptersDir: string, language: string): string {
  const exact = path.join(chaptersDir, language);
  if (existsSync(exact)) return exact;
  for (const spelled of [language.toLowerCase(), language.replace('-', '_')]) {
    const candidate = path.join(chaptersDir, spelled);
    if (existsSync(candidate)) return candidate;
  }
  return exact;
}

export interface TranslationReaders {
  chapter: (entry: FoundEntry) => Promise<Chapter | undefined>;
  part: (entry: FoundEntry) => Promise<PartMeta>;
}

/**
 * Every translation of one language: the chapters of its folder, the suffixed files and
 * the originals' neighbours that say `lang:`, each keyed by the path its original has.
 */
export async function readTranslations(
  language: string,
  layout: TranslationLayout,
  found: { suffixed: FoundEntry[]; tagged: { relative: string; chapter: Chapter }[] },
  read: TranslationReaders,
  exclude: string[],
): Promise<TranslatedSources> {
  const folder = layout.folders.get(language)!;
  const sources: TranslatedSources = { folder, byPath: {}, byKey: {}, parts: {} };
  const keep = (key: string, chapter: Chapter | undefined) => {
    if (!chapter) return;
    sources.byPath[key] ??= chapter;
    const translationKey = chapter.frontMatter.translationKey;
    if (translationKey) sources.byKey[translationKey] ??= chapter;
  };
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    const entries = await discover(folder, { exclude });
    for (const entry of entries) {
      if (entry.kind === 'part') {
        const meta = await read.part(entry);
        sources.parts[entry.relative] = {
          ...(meta.title ? { title: meta.title } : {}),
          ...(meta.summary ? { summary: meta.summary } : {}),
        };
      } else keep(withoutSuffix(entry.relative, language), await read.chapter(entry));
    }
  }
  for (const entry of found.suffixed) {
    if (layout.suffixLanguage(entry.relative) !== language) continue;
    keep(withoutSuffix(entry.relative, language), await read.chapter(entry));
  }
  for (const { relative, chapter } of found.tagged) {
    if (layout.languageOf(chapter.frontMatter.lang ?? '') === language) keep(relative, chapter);
  }
  return sources;
}

/** `02-kosovo.fr.md` → `02-kosovo.md`; a path without the suffix is kept as it is. */
function withoutSuffix(relative: string, language: string): string {
  const match = SUFFIX.exec(relative);
  if (!match || match[1]!.replace('_', '-').toLowerCase() !== language.toLowerCase())
    return relative;
  return relative.slice(0, match.index) + relative.slice(match.index).replace(`.${match[1]}`, '');
}
