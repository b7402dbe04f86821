import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { slug } from 'github-slugger';
import { CONFIG_NAMES, loadConfig } from '../config/load.ts';
import { markingRank } from '../config/markings.ts';
import { resolveConfig } from '../config/resolve.ts';
import type { ContentsEntry, ResolvedConfig } from '../config/schema.ts';
import type { Book, Chapter, Origin, TranslatedSources } from '../model/book.ts';
import { isMachineryPage, orderOf } from '../model/front-matter.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { addError, addWarning, hasFailures } from '../report/messages.ts';
import { discover, splitName, type FoundEntry } from './discover.ts';
import { detectFormat } from './formats/detect.ts';
import { TOOL_NAMES, type ProjectFormat, type TocItem, type TocSource } from './formats/format.ts';
import { parentPagesToc } from './formats/parent-pages.ts';
import {
  isFolderPage,
  orderByContents,
  orderByFolders,
  titleFromStem,
  type LoadedChapter,
  type Ordered,
} from './order.ts';
import { keyPosition } from './front-matter.ts';
import { readPartMeta, type PartMeta } from './part-meta.ts';
import { isInside, toPosix } from './paths.ts';
import { readChapterFile, type SourceCache } from './source-cache.ts';
import { readTranslations, TranslationLayout } from './translations.ts';

export interface LoadOptions {
  /** The project folder (absolute). */
  root: string;
  /** `--chapters`: a chapters folder other than the config's (absolute). */
  chaptersDir?: string;
  /** Files read by an earlier load, reused while unchanged (`handbook dev`). */
  sources?: SourceCache;
  /** Folders that are never chapters (the output folder, when it sits among them). */
  exclude?: string[];
  /**
   * Keep a chapter whose front-matter (or marking) is wrong, with no body and `broken`
   * set, so that `handbook dev` can show its error in its place; a build leaves it out.
   */
  keepBroken?: boolean;
}

/** Page names the HTML edition uses itself; chapters never take them. */
const RESERVED_IDS = ['index', 'print', 'search', '404', 'assets'];

/** Stage 1: a project folder → the Book. Problems go to `diagnostics`; undefined when fatal. */
export async function loadBook(
  options: LoadOptions,
  diagnostics: Diagnostics,
): Promise<Book | undefined> {
  const { root } = options;
  // Another tool's files are read first; what handbook.yml says wins over them.
  const report = (file: string, reason: string, place?: { line: number; column: number }) =>
    addWarning(diagnostics.file(file), reason, place, 'config');
  let format: ProjectFormat | undefined;
  const loaded = await loadConfig(
    root,
    (p) => diagnostics.display(p),
    async () => {
      format = await detectFormat(root, hasOwnConfig(root), report);
      return format.config;
    },
  );
  const configPath = loaded.file?.data.absolutePath as string | undefined;
  if (loaded.file && configPath) diagnostics.adopt(configPath, loaded.file);
  if (!loaded.config || !format) return undefined;
  const written = loaded.written ?? {};
  const config = resolveConfig(loaded.config, {
    root,
    ...(options.chaptersDir ? { chaptersDir: options.chaptersDir } : {}),
    ...(configPath ? { configPath } : {}),
    ...(loaded.file ? { file: loaded.file } : {}),
    toolChapters: format.chapters,
    declaresMarkings: 'markings' in written || 'classification' in written,
  });
  if (loaded.file && hasFailures([loaded.file])) return undefined;

  const chaptersDir = config.chaptersDir;
  if (!existsSync(chaptersDir) || !statSync(chaptersDir).isDirectory()) {
    const file = diagnostics.file(configPath ?? chaptersDir);
    const where =
      format.tool === 'handbook' || format.tool === 'markdown'
        ? ''
        : ` (where ${TOOL_NAMES[format.tool]} keeps them)`;
    addError(
      file,
      `No chapters folder at \`${diagnostics.display(chaptersDir)}\`${where}; name it with --chapters`,
      undefined,
      'no-chapters',
    );
    return undefined;
  }

  const toc =
    config.contents && configPath
      ? { file: configPath, items: contentsItems(config.contents) }
      : format.toc;
  const layout = new TranslationLayout(config, format.languageDirs);
  const exclude = [...format.exclude, ...(options.exclude ?? [])];
  const discovered = await discover(chaptersDir, {
    exclude: [...exclude, ...layout.exclusions()],
    skipFiles: toc ? [toc.file] : [],
    include: format.include ?? [],
  });
  // Translations kept beside their originals (`kosovo.fr.md`) are read with their language.
  const suffixed = discovered.filter(
    (e) => e.kind === 'chapter' && layout.suffixLanguage(e.relative) !== undefined,
  );
  const entries = discovered.filter((e) => !suffixed.includes(e));
  // Chapters may be links to other files of the project; `--chapters` elsewhere is its own root.
  const readRoot = isInside(root, chaptersDir) ? root : chaptersDir;
  options.sources?.retain(new Set(entries.map((e) => e.absolute)));
  const context: ReadContext = {
    root,
    readRoot,
    config,
    diagnostics,
    sources: options.sources,
    keepBroken: options.keepBroken === true,
  };
  const allLoaded = await Promise.all(
    entries.filter((e) => e.kind === 'chapter').map((e) => readChapter(e, context)),
  );
  // An original's neighbour that says `lang: fr` is a translation (as Jekyll sites keep them).
  const tagged = allLoaded.filter(
    (c): c is LoadedChapter =>
      c !== undefined && layout.languageOf(c.frontMatter.lang ?? '') !== undefined,
  );
  const loadedChapters = allLoaded.filter((c) => c === undefined || !tagged.includes(c));
  const partMetas = new Map<string, PartMeta>();
  for (const e of entries.filter((e) => e.kind === 'part')) {
    partMetas.set(e.relative, await readPartMeta(e, readRoot, diagnostics));
  }

  const chapters = loadedChapters.filter((c): c is LoadedChapter => c !== undefined);
  const origin: Origin = {
    tool: format.tool,
    files: format.files,
    notes: [...format.notes],
    ...(config.url ? { site: { url: config.url } } : format.site ? { site: format.site } : {}),
    staticDirs: format.staticDirs,
    ...(format.params ? { params: format.params } : {}),
    drafts: 0,
    unlisted: 0,
  };
  // Without a table of contents, pages may still say where they belong (`parent:`).
  const hierarchy = toc ? undefined : parentPagesToc(chapters);
  const ordered = toc
    ? byContents(
        toc,
        entries,
        chapters,
        partMetas,
        format.unlisted ?? 'append',
        origin,
        diagnostics,
      )
    : hierarchy
      ? byContents(
          { file: configPath ?? chaptersDir, items: hierarchy },
          entries,
          chapters,
          partMetas,
          'append',
          origin,
          diagnostics,
        )
      : orderByFolders(entries, chapters, partMetas);
  if (ordered.chapters.length === 0) {
    // Chapters that failed to load have said why; only an empty folder needs a message.
    if (loadedChapters.length > 0) return undefined;
    const file = diagnostics.file(configPath ?? chaptersDir);
    addError(
      file,
      `No Markdown chapters in \`${diagnostics.display(chaptersDir)}\``,
      undefined,
      'no-chapters',
    );
    return undefined;
  }
  // No marking unless the handbook has them: in its config, or on a chapter.
  config.marked ||= ordered.chapters.some((c) => c.frontMatter.classification !== undefined);
  if (!config.marked) for (const c of ordered.chapters) c.classification = '';
  const book: Chapter[] = ordered.chapters.map(({ entry: _e, order: _o, ...chapter }) => chapter);
  assignIds(book, ordered.chapters, root, diagnostics);
  const translations: Record<string, TranslatedSources> = {};
  for (const language of layout.folders.keys()) {
    translations[language] = await readTranslations(
      language,
      layout,
      {
        suffixed,
        tagged: tagged.map(({ entry, order: _o, ...chapter }) => ({
          relative: entry.relative,
          chapter,
        })),
      },
      {
        chapter: async (entry) => {
          const loaded = await readChapter(entry, context);
          if (!loaded) return undefined;
          const { entry: _e, order: _o, ...chapter } = loaded;
          return chapter;
        },
        part: (entry) => readPartMeta(entry, readRoot, diagnostics),
      },
      exclude,
    );
  }
  return {
    root,
    config,
    parts: ordered.parts,
    chapters: book,
    assets: [],
    origin,
    ...(layout.translated ? { translations } : {}),
  };
}

/** A chapter that cannot be read, standing in its place so its error can be shown there. */
function brokenChapter(entry: FoundEntry, root: string, source: string): LoadedChapter {
  return {
    entry,
    id: '',
    path: toPosix(path.relative(root, entry.absolute)),
    source,
    body: '',
    frontMatter: {},
    title: titleFromStem(entry.stem),
    classification: '',
    ...(entry.parent ? { part: entry.parent } : {}),
    headings: [],
    broken: true,
  };
}

/** The order a table of contents gives, with what it names that is not there reported. */
function byContents(
  toc: TocSource,
  entries: FoundEntry[],
  chapters: LoadedChapter[],
  metas: Map<string, PartMeta>,
  unlisted: 'omit' | 'append',
  origin: Origin,
  diagnostics: Diagnostics,
): Ordered {
  const result = orderByContents(toc.items, entries, chapters, metas);
  for (const missing of result.missing) {
    addWarning(
      diagnostics.file(toc.file),
      `\`${missing.path}\` is listed in the contents but there is no such chapter`,
      missing.position,
      'broken-link',
    );
  }
  origin.drafts = result.drafts;
  if (unlisted === 'omit') {
    origin.unlisted = result.unlisted.length;
    return result;
  }
  // Pages the contents do not list still belong to the handbook: after it, in folder order.
  const rest = orderByFolders(entries, result.unlisted, metas);
  return {
    parts: [...result.parts, ...rest.parts],
    chapters: [...result.chapters, ...rest.chapters],
  };
}

/** `contents:` of handbook.yml as a table of contents. */
function contentsItems(entries: ContentsEntry[]): TocItem[] {
  return entries.map((entry): TocItem => {
    if (typeof entry === 'string') return { kind: 'chapter', path: entry, children: [] };
    const children = contentsItems(entry.contents ?? []);
    if (entry.file)
      return {
        kind: 'chapter',
        path: entry.file,
        ...(entry.title ? { title: entry.title } : {}),
        children,
      };
    return { kind: 'part', title: entry.title!, children };
  });
}

function hasOwnConfig(root: string): boolean {
  return CONFIG_NAMES.some((name) => existsSync(path.join(root, name)));
}

interface ReadContext {
  root: string;
  readRoot: string;
  config: ResolvedConfig;
  diagnostics: Diagnostics;
  sources?: SourceCache | undefined;
  keepBroken: boolean;
}

async function readChapter(
  entry: FoundEntry,
  context: ReadContext,
): Promise<LoadedChapter | undefined> {
  const { root, readRoot, config, diagnostics, sources } = context;
  const file = diagnostics.file(entry.absolute);
  const { source, split } = sources
    ? await sources.read(file, entry.absolute, readRoot)
    : await readChapterFile(file, entry.absolute, readRoot);
  if (source === undefined || !split) return undefined;
  const { frontMatter, body, ok } = split;
  const broken = () =>
    context.keepBroken && hasFailures([file]) ? brokenChapter(entry, root, source) : undefined;
  if (!ok) return broken();
  if (frontMatter.draft === true || isMachineryPage(frontMatter)) return undefined;

  let classification = config.classification;
  if (frontMatter.classification !== undefined) {
    const rank = markingRank(config.markings, frontMatter.classification);
    if (rank < 0) {
      addError(
        file,
        `Classification \`${frontMatter.classification}\` is not on the handbook's marking scale (${config.markings.map((m) => m.label).join(', ')})`,
        keyPosition(source, 'classification'),
        'classification',
      );
      return broken();
    }
    classification = config.markings[rank]!.label;
  }

  const order = orderOf(frontMatter);
  const summary = frontMatter.summary ?? frontMatter.description;
  // A chapter in another language than its handbook's (`lang: ar`): its pages say so.
  const lang = ownLanguage(frontMatter.lang, config);
  return {
    entry,
    id: '',
    path: toPosix(path.relative(root, entry.absolute)),
    source,
    body,
    frontMatter,
    // A folder's own page is named after its folder until its heading is read.
    title:
      frontMatter.title ??
      titleFromStem(
        isFolderPage(entry) && entry.parent
          ? splitName(path.posix.basename(entry.parent)).stem
          : entry.stem,
      ),
    ...(summary ? { summary } : {}),
    classification,
    ...(entry.parent ? { part: entry.parent } : {}),
    headings: [],
    ...(order === undefined ? {} : { order }),
    ...(lang ? { lang } : {}),
  };
}

/**
 * Give each chapter a unique page name: its `slug`, else its file name without its `NN-`
 * prefix; a folder's own page (`index.md`, `README.md`, `_index.md`) is named after its
 * folder, the handbook's own after its title. A clash with an asked-for `slug` is reported.
 */
function assignIds(
  chapters: Chapter[],
  loaded: LoadedChapter[],
  root: string,
  diagnostics: Diagnostics,
) {
  const taken = new Map<string, string>(RESERVED_IDS.map((id) => [id, 'the HTML edition']));
  chapters.forEach((chapter, i) => {
    const { entry } = loaded[i]!;
    const folder = isFolderPage(entry) ? path.posix.basename(entry.parent) : undefined;
    const name =
      folder === undefined ? entry.stem : folder === '' ? chapter.title : splitName(folder).stem;
    const asked = chapter.frontMatter.slug ? slug(chapter.frontMatter.slug) : undefined;
    const wanted = asked || slug(name) || (folder === '' ? 'introduction' : 'chapter');
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
    if (asked && id !== wanted) {
      addWarning(
        diagnostics.file(path.join(root, chapter.path)),
        `Slug \`${wanted}\` is already used by ${taken.get(wanted)}; this chapter is \`${id}.html\``,
        undefined,
        'duplicate-slug',
      );
    }
    taken.set(id, chapter.path);
    chapter.id = id;
  });
}

/** A chapter's `lang:` when it names a language other than the handbook's and its translations'. */
function ownLanguage(tag: string | undefined, config: ResolvedConfig): string | undefined {
  if (!tag) return undefined;
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
  const known = config.languages.map((l) => l.toLowerCase());
  return canonical && !known.includes(canonical.toLowerCase()) ? canonical : undefined;
}
