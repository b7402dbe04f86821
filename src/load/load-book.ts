import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { slug } from 'github-slugger';
import { loadConfig } from '../config/load.ts';
import { markingRank } from '../config/markings.ts';
import { resolveConfig } from '../config/resolve.ts';
import type { ResolvedConfig } from '../config/schema.ts';
import type { Book, Chapter, Part } from '../model/book.ts';
import { orderOf } from '../model/front-matter.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { addError, addWarning, hasFailures } from '../report/messages.ts';
import { discover, type FoundEntry } from './discover.ts';
import { keyPosition } from './front-matter.ts';
import { readPartMeta, type PartMeta } from './part-meta.ts';
import { isInside, toPosix } from './paths.ts';
import { readChapterFile, type SourceCache } from './source-cache.ts';

export interface LoadOptions {
  /** The project folder (absolute). */
  root: string;
  /** `--chapters`: a chapters folder other than the config's (absolute). */
  chaptersDir?: string;
  /** Files read by an earlier load, reused while unchanged (`handbook dev`). */
  sources?: SourceCache;
}

/** Page names the HTML edition uses itself; chapters never take them. */
const RESERVED_IDS = ['index', 'print', 'search', '404', 'assets'];

/** Stage 1: a project folder → the Book. Problems go to `diagnostics`; undefined when fatal. */
export async function loadBook(
  options: LoadOptions,
  diagnostics: Diagnostics,
): Promise<Book | undefined> {
  const { root } = options;
  const loaded = await loadConfig(root, (p) => diagnostics.display(p));
  const configPath = loaded.file?.data.absolutePath as string | undefined;
  if (loaded.file && configPath) diagnostics.adopt(configPath, loaded.file);
  if (!loaded.config) return undefined;
  const config = resolveConfig(loaded.config, {
    root,
    ...(options.chaptersDir ? { chaptersDir: options.chaptersDir } : {}),
    ...(configPath ? { configPath } : {}),
    ...(loaded.file ? { file: loaded.file } : {}),
  });
  if (loaded.file && hasFailures([loaded.file])) return undefined;

  const chaptersDir = config.chaptersDir;
  if (!existsSync(chaptersDir) || !statSync(chaptersDir).isDirectory()) {
    const file = diagnostics.file(configPath ?? chaptersDir);
    addError(
      file,
      `No chapters folder at \`${diagnostics.display(chaptersDir)}\``,
      undefined,
      'no-chapters',
    );
    return undefined;
  }

  const entries = await discover(chaptersDir);
  // Chapters may be links to other files of the project; `--chapters` elsewhere is its own root.
  const readRoot = isInside(root, chaptersDir) ? root : chaptersDir;
  options.sources?.retain(new Set(entries.map((e) => e.absolute)));
  const loadedChapters = await Promise.all(
    entries
      .filter((e) => e.kind === 'chapter')
      .map((e) => readChapter(e, root, readRoot, config, diagnostics, options.sources)),
  );
  const partMetas = new Map<string, PartMeta>();
  for (const e of entries.filter((e) => e.kind === 'part')) {
    partMetas.set(e.relative, await readPartMeta(e, readRoot, diagnostics));
  }

  const chapters = loadedChapters.filter((c): c is LoadedChapter => c !== undefined);
  const ordered = orderTree(entries, chapters, partMetas);
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
  assignIds(ordered.chapters, root, diagnostics);
  return { root, config, parts: ordered.parts, chapters: ordered.chapters, assets: [] };
}

interface LoadedChapter extends Chapter {
  entry: FoundEntry;
  order?: number;
}

async function readChapter(
  entry: FoundEntry,
  root: string,
  readRoot: string,
  config: ResolvedConfig,
  diagnostics: Diagnostics,
  sources?: SourceCache,
): Promise<LoadedChapter | undefined> {
  const file = diagnostics.file(entry.absolute);
  const { source, split } = sources
    ? await sources.read(file, entry.absolute, readRoot)
    : await readChapterFile(file, entry.absolute, readRoot);
  if (source === undefined || !split) return undefined;
  const { frontMatter, body, ok } = split;
  if (!ok || frontMatter.draft === true) return undefined;

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
      return undefined;
    }
    classification = config.markings[rank]!.label;
  }

  const order = orderOf(frontMatter);
  const summary = frontMatter.summary ?? frontMatter.description;
  return {
    entry,
    id: '',
    path: toPosix(path.relative(root, entry.absolute)),
    source,
    body,
    frontMatter,
    title: frontMatter.title ?? titleFromStem(entry.stem),
    ...(summary ? { summary } : {}),
    classification,
    ...(entry.parent ? { part: entry.parent } : {}),
    headings: [],
    ...(order === undefined ? {} : { order }),
  };
}

/** Reading order: siblings by `order`, then `NN-` prefix, then name; folders in place. */
function orderTree(entries: FoundEntry[], chapters: LoadedChapter[], metas: Map<string, PartMeta>) {
  type Node = { entry: FoundEntry; key: number; chapter?: LoadedChapter };
  const children = new Map<string, Node[]>();
  const add = (parent: string, node: Node) => {
    const list = children.get(parent) ?? [];
    list.push(node);
    children.set(parent, list);
  };
  for (const c of chapters)
    add(c.entry.parent, { entry: c.entry, key: c.order ?? c.entry.prefix ?? Infinity, chapter: c });
  for (const e of entries) {
    if (e.kind === 'part')
      add(e.parent, { entry: e, key: metas.get(e.relative)?.order ?? e.prefix ?? Infinity });
  }
  const parts: Part[] = [];
  const ordered: Chapter[] = [];
  const visit = (parent: string) => {
    const list = (children.get(parent) ?? []).sort(
      (a, b) =>
        a.key - b.key || (a.entry.stem < b.entry.stem ? -1 : a.entry.stem > b.entry.stem ? 1 : 0),
    );
    for (const node of list) {
      if (node.chapter) {
        const { entry: _entry, order: _order, ...chapter } = node.chapter;
        ordered.push(chapter);
        continue;
      }
      const before = ordered.length;
      const meta = metas.get(node.entry.relative);
      const part: Part = {
        path: node.entry.relative,
        title: meta?.title ?? titleFromStem(node.entry.stem),
        ...(meta?.summary ? { summary: meta.summary } : {}),
        ...(parent ? { parent } : {}),
      };
      const index = parts.push(part) - 1;
      visit(node.entry.relative);
      // A folder with no chapters in it is not a part of the book.
      if (ordered.length === before) parts.splice(index, 1);
    }
  };
  visit('');
  return { parts, chapters: ordered };
}

/** Give each chapter a unique page name; a clash with an asked-for `slug` is reported. */
function assignIds(chapters: Chapter[], root: string, diagnostics: Diagnostics) {
  const taken = new Map<string, string>(RESERVED_IDS.map((id) => [id, 'the HTML edition']));
  for (const chapter of chapters) {
    const stem = path.posix.basename(chapter.path).replace(/\.(md|markdown)$/i, '');
    const wanted = chapter.frontMatter.slug ?? (slug(stem.replace(/^\d+[-_. ]+/, '')) || 'chapter');
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
    if (chapter.frontMatter.slug && id !== wanted) {
      addWarning(
        diagnostics.file(path.join(root, chapter.path)),
        `Slug \`${wanted}\` is already used by ${taken.get(wanted)}; this chapter is \`${id}.html\``,
        undefined,
        'duplicate-slug',
      );
    }
    taken.set(id, chapter.path);
    chapter.id = id;
  }
}

/** "kosovo-force" → "Kosovo force": a readable title when a chapter has none. */
function titleFromStem(stem: string): string {
  const words = stem.split(/[-_\s]+/).filter(Boolean);
  return (
    words.map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ') || 'Untitled'
  );
}
