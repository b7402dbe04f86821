import path from 'node:path';
import { slug } from 'github-slugger';
import { markingRank } from '../config/markings.ts';
import type { ResolvedConfig } from '../config/schema.ts';
import type { Book, Chapter, Part, TranslatedSources } from '../model/book.ts';
import { direction, languageName, wordsFor } from '../render/wording/wording.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { addError, addWarning } from '../report/messages.ts';
import { keyPosition } from './front-matter.ts';
import { lastCommitTimes } from './git-times.ts';
import { toPosix } from './paths.ts';

/**
 * One book per language, the original first. A translated edition has the original's
 * structure (its order, parts and page names, so the language switch goes to the same
 * page), each chapter replaced by its translation; a chapter without one is the original,
 * marked as such, or left out (`untranslated: omit`). A translation older than its
 * original (by their last commits) is marked outdated.
 */
export async function editionsOf(book: Book, diagnostics: Diagnostics): Promise<Book[]> {
  const { config } = book;
  if (!book.translations) return [book];
  const times = await lastCommitTimes(book.root);
  const editions: Book[] = [book];
  for (const language of config.languages.slice(1)) {
    editions.push(
      translatedEdition(book, language, book.translations[language]!, times, diagnostics),
    );
  }
  const all = editions.map((e) => ({
    language: e.config.language,
    dir: e.edition?.dir ?? '',
    chapters: e.chapters.map((c) => c.id),
  }));
  for (const edition of editions) {
    edition.edition = { language: edition.config.language, dir: edition.edition?.dir ?? '', all };
  }
  return editions;
}

function translatedEdition(
  original: Book,
  language: string,
  sources: TranslatedSources,
  times: Map<string, number>,
  diagnostics: Diagnostics,
): Book {
  const { config } = original;
  const used = new Set<Chapter>();
  const missing: Chapter[] = [];
  const chapters: Chapter[] = [];
  const folder = toPosix(path.relative(original.root, sources.folder));
  for (const chapter of original.chapters) {
    const key = chapter.frontMatter.translationKey;
    const relative = relativeToChapters(original, chapter);
    const translation = (key ? sources.byKey[key] : undefined) ?? sources.byPath[relative];
    const paths = [
      path.posix.join(folder, relative),
      chapter.path.replace(/(\.(?:md|markdown|mdx))$/i, `.${language}$1`),
    ];
    if (!translation) {
      missing.push(chapter);
      if (config.untranslated === 'include')
        chapters.push({
          ...chapter,
          lang: chapter.lang ?? config.language,
          translation: 'untranslated',
          paths,
        });
      continue;
    }
    used.add(translation);
    const older =
      (times.get(translation.path) ?? Infinity) < (times.get(chapter.path) ?? -Infinity);
    chapters.push({
      ...translation,
      id: chapter.id,
      ...(chapter.part === undefined ? {} : { part: chapter.part }),
      classification: higher(config, chapter.classification, translation.classification),
      original: chapter.path,
      paths: [chapter.path, ...paths],
      ...(older ? { translation: 'outdated' as const } : {}),
    });
  }
  reportOrphans(
    original,
    language,
    Object.values(sources.byPath).filter((t) => !used.has(t)),
    diagnostics,
  );
  if (config.requireComplete && missing.length > 0) {
    const file = diagnostics.file(config.configPath ?? original.root);
    addError(
      file,
      `The ${languageName(language, 'en')} edition lacks ${missing.length} translation${missing.length === 1 ? '' : 's'} (${missing
        .slice(0, 3)
        .map((c) => `\`${c.path}\``)
        .join(', ')}${missing.length > 3 ? ' …' : ''}) and \`requireComplete\` is set`,
      config.configPath ? keyPosition(String(file.value ?? ''), 'requireComplete') : undefined,
      'translation',
    );
  }
  const parts: Part[] = original.parts.map((part) => ({ ...part, ...sources.parts[part.path] }));
  return {
    ...original,
    config: editionConfig(config, language),
    parts,
    chapters,
    assets: [],
    edition: { language, dir: language, all: [] },
    translations: undefined,
  } as Book;
}

/** The config of a translated edition: its language, words and own identity over the original's. */
export function editionConfig(config: ResolvedConfig, language: string): ResolvedConfig {
  const { pdf: ownPdf, authors, distribution, ...identity } = config.translations[language] ?? {};
  return {
    ...config,
    ...identity,
    ...(authors ? { authors: authors.map((a) => (typeof a === 'string' ? { name: a } : a)) } : {}),
    ...(distribution
      ? {
          distribution: distribution.map((d) => (typeof d === 'string' ? { recipient: d } : d)),
        }
      : {}),
    language,
    words: wordsFor(language, config.wording[language]),
    direction: direction(language),
    // The original's footer and cross-reference wording are its own; this edition says its.
    // Its PDF is the original's name with the language tag: `nato-peace-operations.fr.pdf`.
    pdf: {
      ...config.pdf,
      footer: undefined,
      crossReference: undefined,
      filename:
        ownPdf?.filename ??
        `${config.pdf.filename?.replace(/\.pdf$/i, '') ?? (slug(config.title) || 'handbook')}.${language}.pdf`,
    },
    titleGiven: config.titleGiven || identity.title !== undefined,
  } as ResolvedConfig;
}

/** The chapter's path inside the chapters folder, as a translation folder repeats it. */
function relativeToChapters(book: Book, chapter: Chapter): string {
  return toPosix(path.relative(book.config.chaptersDir, path.join(book.root, chapter.path)));
}

/** The higher of two markings: a translation is never marked below its original. */
function higher(config: ResolvedConfig, a: string, b: string): string {
  if (!config.marked) return '';
  return markingRank(config.markings, b) > markingRank(config.markings, a) ? b : a;
}

/**
 * Translations with no original: left out, said once per file, or once for the language
 * when there are many (a site whose translation has pages of its own).
 */
function reportOrphans(book: Book, language: string, orphans: Chapter[], diagnostics: Diagnostics) {
  const name = languageName(language, 'en');
  const reason = 'no original chapter at the same path (or with its `translationKey`)';
  if (orphans.length <= 3) {
    for (const orphan of orphans) {
      addWarning(
        diagnostics.file(path.join(book.root, orphan.path)),
        `This ${name} translation has ${reason}; it is left out`,
        undefined,
        'translation',
      );
    }
    return;
  }
  const listed = orphans
    .slice(0, 3)
    .map((o) => `\`${o.path}\``)
    .join(', ');
  addWarning(
    diagnostics.file(path.join(book.root, orphans[0]!.path)),
    `${orphans.length} ${name} pages have ${reason} (${listed} …); they are left out of the ${name} edition`,
    undefined,
    'translation',
  );
}
