import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Asset, Book, Chapter } from '../model/book.ts';
import type { Diagnostics } from '../report/diagnostics.ts';
import { replayMessage } from '../report/messages.ts';
import { tracer } from '../report/trace.ts';
import {
  ChapterWork,
  type ChapterInput,
  type ParsedChapter,
  type RenderedChapter,
} from './chapter-work.ts';
import { textParams } from '../load/formats/hugo.ts';
import { toPosix } from '../load/paths.ts';
import type { LinkIndex } from './link-index.ts';
import { chapterUrls, resolveLink } from './link-resolver.ts';
import { assetOutputPath } from './plugins/rehype-chapter-links.ts';
import { WorkerClient } from './worker-client.ts';
import type { ChapterStore } from '../cache/chapter-store.ts';

/**
 * Below this many chapters a worker costs more than it saves. Measured on two cores: the
 * worker's start, its cold JIT and its own highlighter, and the main thread losing the
 * core V8 compiles and collects garbage on, make 200 chapters 15% slower with a worker
 * than without, 400 even, and 800 10% faster.
 */
const WORKER_THRESHOLD = 500;
/** The worker's share of a cold build: less than half, as it starts later than the main thread. */
const WORKER_SHARE = 0.42;

export interface TransformerOptions {
  /** Worker threads to use besides the main thread; default: one when there are two cores. */
  workers?: number;
  /** Chapters to transform below which the worker is not used (default 500). */
  workerThreshold?: number;
  /** Results kept between builds (cache/chapter-store.ts): what it holds is not redone. */
  store?: ChapterStore;
}

interface CachedChapter {
  sourceKey: string;
  /** Sizes and times of the other files it was made from (includes), when it was parsed. */
  stamp: string;
  parsed: ParsedChapter;
  renderKey?: string;
  rendered?: RenderedChapter;
}

/**
 * Stage 2 with memory: chapters whose source and whose links' targets did not change since
 * the last run are not transformed again (`handbook dev` rebuilds one chapter, not all),
 * and a cold run shares the chapters between the main thread and a worker.
 */
export class Transformer {
  private readonly cache = new Map<string, CachedChapter>();
  private readonly local: ChapterWork;
  private worker: WorkerClient | undefined;
  private readonly workers: number;
  private readonly workerThreshold: number;
  private readonly store: ChapterStore | undefined;
  /** Chapters the worker transformed in the last run (the rest were done in this thread). */
  lastRunInWorker = 0;
  /** Chapters whose parse and whose HTML came from the store in the last run. */
  lastRunStored = { parsed: 0, rendered: 0 };

  constructor(
    private readonly root: string,
    options: TransformerOptions = {},
  ) {
    this.local = new ChapterWork(root);
    this.workers = options.workers ?? (availableParallelism() >= 2 ? 1 : 0);
    this.workerThreshold = options.workerThreshold ?? WORKER_THRESHOLD;
    this.store = options.store;
  }

  /** Start the worker now when `chapters` is enough to need it, so it is ready in time. */
  warm(chapters: number): void {
    if (this.workers > 0 && !this.worker && chapters >= this.workerThreshold) {
      this.worker = new WorkerClient(this.root);
    }
  }

  async transform(book: Book, diagnostics: Diagnostics): Promise<Book> {
    const trace = tracer('transform');
    const inputs = book.chapters.map((chapter) => toInput(chapter, book.origin.params));
    const sourceKeys = new Map(inputs.map((i) => [i.path, sourceKey(i)]));
    for (const cached of [...this.cache.keys()])
      if (!sourceKeys.has(cached)) this.cache.delete(cached);

    // Parse what changed (unless the store has it), shared between the threads when there
    // is much of it.
    const fresh = (entry: CachedChapter | undefined, key: string) =>
      entry?.sourceKey === key && entry.stamp === this.stamp(entry.parsed.dependencies);
    let toParse = inputs.filter((i) => !fresh(this.cache.get(i.path), sourceKeys.get(i.path)!));
    toParse = await this.fromStore(toParse, sourceKeys);
    trace(`read ${this.lastRunStored.parsed} parsed from the cache`);
    this.warm(toParse.length);
    const [forWorker, forLocal] = this.share(toParse);
    this.lastRunInWorker = forWorker.length;
    const workerParsed = forWorker.length > 0 ? this.worker!.parse(forWorker) : Promise.resolve([]);
    const parsedHere = new Set<string>();
    for (const parsed of this.local.parse(forLocal)) {
      this.remember(parsed, sourceKeys.get(parsed.path)!);
      parsedHere.add(parsed.path);
    }
    trace(`parse ${forLocal.length} here`);
    const parsedThere = new Set<string>();
    for (const parsed of await workerParsed) {
      this.remember(parsed, sourceKeys.get(parsed.path)!);
      parsedThere.add(parsed.path);
    }
    trace(`wait for ${forWorker.length} parsed in a worker`);

    // Render what changed, or whose links lead somewhere that changed.
    const index = linkIndex(book, this.cache);
    const renderThere: string[] = [];
    const renderHere: string[] = [];
    const reparse: ChapterInput[] = [];
    const stale: { input: ChapterInput; entry: CachedChapter }[] = [];
    for (const input of inputs) {
      const entry = this.cache.get(input.path)!;
      const key = renderKey(this.root, input.path, entry, index);
      if (entry.renderKey === key && entry.rendered) continue;
      entry.renderKey = key;
      entry.rendered = undefined;
      stale.push({ input, entry });
    }
    const stored = this.store
      ? await Promise.all(stale.map(({ entry }) => this.store!.rendered(entry.renderKey!)))
      : [];
    this.lastRunStored.rendered = 0;
    stale.forEach(({ input, entry }, n) => {
      if (stored[n]?.path === input.path) {
        entry.rendered = stored[n];
        this.lastRunStored.rendered++;
        return;
      }
      if (parsedThere.has(input.path)) renderThere.push(input.path);
      else {
        if (!parsedHere.has(input.path)) reparse.push(input);
        renderHere.push(input.path);
      }
    });
    trace(`read ${this.lastRunStored.rendered} rendered from the cache`);
    this.local.parse(reparse);
    const workerRendered =
      renderThere.length > 0 ? this.worker!.render(renderThere, index) : Promise.resolve([]);
    const renderedHere = await this.local.render(renderHere, index);
    trace(`render ${renderHere.length} here`);
    const rendered = [...renderedHere, ...(await workerRendered)];
    for (const result of rendered) {
      const entry = this.cache.get(result.path)!;
      entry.rendered = result;
      // A chapter left out for its time is not kept: on a quieter machine it may pass.
      if (!result.refused) this.store?.keepRendered(entry.renderKey!, result);
    }
    trace(`wait for ${renderThere.length} rendered in a worker`);

    return this.assemble(book, diagnostics);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
    await this.store?.flush();
  }

  /** The inputs the store holds no parse for; the rest go into the cache from it. */
  private async fromStore(
    inputs: ChapterInput[],
    sourceKeys: Map<string, string>,
  ): Promise<ChapterInput[]> {
    this.lastRunStored.parsed = 0;
    if (!this.store || inputs.length === 0) return inputs;
    const stored = await Promise.all(
      inputs.map((i) => this.store!.parsed(sourceKeys.get(i.path)!)),
    );
    return inputs.filter((input, n) => {
      const hit = stored[n];
      if (hit?.parsed.path !== input.path || hit.stamp !== this.stamp(hit.parsed.dependencies))
        return true;
      this.cache.set(input.path, {
        sourceKey: sourceKeys.get(input.path)!,
        stamp: hit.stamp,
        parsed: hit.parsed,
      });
      this.lastRunStored.parsed++;
      return false;
    });
  }

  /** Keep a new parse here, and in the store unless it was left out for its time. */
  private remember(parsed: ParsedChapter, sourceKey: string): void {
    const stamp = this.stamp(parsed.dependencies);
    this.cache.set(parsed.path, { sourceKey, stamp, parsed });
    if (!parsed.refused) this.store?.keepParsed(sourceKey, { parsed, stamp });
  }

  /** The size and time of each file a chapter depends on, or that it is missing. */
  private stamp(dependencies: string[] = []): string {
    return dependencies
      .map((relative) => {
        try {
          const stat = statSync(path.join(this.root, relative));
          return `${relative}@${stat.size}:${stat.mtimeMs}`;
        } catch {
          return `${relative}@missing`;
        }
      })
      .join('\n');
  }

  /** Split chapters into the worker's share and the main thread's, by size. */
  private share(inputs: ChapterInput[]): [ChapterInput[], ChapterInput[]] {
    if (!this.worker || inputs.length < this.workerThreshold) return [[], inputs];
    const total = inputs.reduce((n, i) => n + i.body.length, 0);
    const forWorker: ChapterInput[] = [];
    let size = 0;
    for (const input of inputs) {
      if (size >= total * WORKER_SHARE) break;
      forWorker.push(input);
      size += input.body.length;
    }
    return [forWorker, inputs.slice(forWorker.length)];
  }

  /** The Book with every chapter's title, headings and tree; messages go to `diagnostics`. */
  private assemble(book: Book, diagnostics: Diagnostics): Book {
    const assets = new Map<string, Asset>();
    const chapters = book.chapters.flatMap((chapter): Chapter[] => {
      const { parsed, rendered } = this.cache.get(chapter.path)!;
      const file = diagnostics.file(path.join(this.root, chapter.path), chapter.source);
      for (const message of [...parsed.messages, ...(rendered?.messages ?? [])])
        replayMessage(file, message);
      // Over a budget: left out (the message says why), the rest of the book goes on.
      if (parsed.refused || rendered?.refused) return [];
      for (const relative of rendered?.assets ?? []) {
        assets.set(relative, {
          source: path.join(this.root, relative),
          output: assetOutputPath(relative),
        });
      }
      return [
        {
          ...chapter,
          title: parsed.title,
          headings: parsed.headings,
          ...(parsed.titleId ? { titleId: parsed.titleId } : {}),
          ...(rendered?.hast ? { hast: rendered.hast } : {}),
        },
      ];
    });
    const counts: Record<string, number> = {};
    for (const chapter of book.chapters) {
      const { parsed, rendered } = this.cache.get(chapter.path)!;
      for (const [key, n] of [
        ...Object.entries(parsed.counts),
        ...Object.entries(rendered?.counts ?? {}),
      ])
        counts[key] = (counts[key] ?? 0) + (n ?? 0);
    }
    return named({
      ...book,
      chapters,
      assets: [...assets.values()],
      origin: { ...book.origin, counts },
    });
  }
}

function toInput(chapter: Chapter, siteParams: Record<string, string> = {}): ChapterInput {
  const own = chapter.frontMatter.params;
  const params = {
    ...siteParams,
    ...(own && typeof own === 'object' ? textParams(own as Record<string, unknown>) : {}),
  };
  return {
    path: chapter.path,
    source: chapter.source,
    body: chapter.body,
    ...(chapter.frontMatter.title !== undefined
      ? { frontMatterTitle: chapter.frontMatter.title }
      : {}),
    ...(chapter.listedTitle ? { listedTitle: chapter.listedTitle } : {}),
    fallbackTitle: chapter.title,
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
}

function sourceKey(input: ChapterInput): string {
  return createHash('sha1')
    .update(
      [
        input.path,
        input.frontMatterTitle ?? '',
        input.listedTitle ?? '',
        input.fallbackTitle,
        JSON.stringify(input.params ?? {}),
        input.body,
      ].join('\0'),
    )
    .digest('hex');
}

/** Chapters by path with the page they became, the anchors inside them and their old URLs. */
function linkIndex(book: Book, cache: Map<string, CachedChapter>): LinkIndex {
  const chaptersDir = toPosix(path.relative(book.root, book.config.chaptersDir));
  const index: LinkIndex = {
    chapters: {},
    urls: {},
    chaptersDir: chaptersDir.startsWith('..') ? '' : chaptersDir,
    staticDirs: book.origin.staticDirs.map((d) => toPosix(path.relative(book.root, d))),
    ...(book.origin.site?.basePath ? { basePath: book.origin.site.basePath } : {}),
    ...(book.origin.site?.url ? { siteUrl: book.origin.site.url } : {}),
  };
  for (const chapter of book.chapters) {
    const { parsed } = cache.get(chapter.path)!;
    if (parsed.refused) continue;
    const anchors = [
      ...(parsed.titleId ? [parsed.titleId] : []),
      ...parsed.headings.map((h) => h.id),
      ...parsed.rawIds,
    ];
    const taken = new Set(anchors);
    const aliases: Record<string, string> = {};
    for (const heading of parsed.headings) {
      for (const alias of heading.aliases ?? []) {
        if (!taken.has(alias) && !(alias in aliases)) aliases[alias] = heading.id;
      }
    }
    const target = { id: chapter.id, anchors, aliases };
    index.chapters[chapter.path] = target;
    // A translation answers to its original's path too, and an original standing in for a
    // missing translation to the path that translation would have.
    for (const other of chapter.paths ?? []) index.chapters[other] ??= target;
    const own = chapter.original ?? chapter.path;
    const relative = index.chaptersDir ? own.slice(index.chaptersDir.length + 1) : own;
    for (const url of chapterUrls(relative, chapter.frontMatter)) index.urls[url] ??= chapter.path;
  }
  // The page names of this edition (`kosovo.html`, `/kosovo/`) lead to their chapters too.
  for (const chapter of book.chapters) index.urls[chapter.id] ??= chapter.path;
  return index;
}

/**
 * What a chapter's HTML depends on: its source and the files it includes, the site's own
 * addresses, and for each link it holds, where that link leads now: that chapter's page
 * and anchors, or that file's size and time.
 */
function renderKey(root: string, from: string, entry: CachedChapter, index: LinkIndex): string {
  const { chaptersDir, staticDirs, basePath, siteUrl } = index;
  const parts = [
    entry.sourceKey,
    entry.stamp,
    JSON.stringify([chaptersDir, staticDirs, basePath, siteUrl]),
  ];
  const exists = (relative: string) => existsSync(path.join(root, relative));
  for (const reference of entry.parsed.references) {
    const resolved = resolveLink(index, from, reference, exists);
    if (resolved.kind === 'chapter') {
      const target = index.chapters[resolved.path]!;
      parts.push(
        `${reference}>${target.id}#${target.anchors.join(',')}#${Object.keys(target.aliases).join(',')}`,
      );
      continue;
    }
    try {
      const stat = statSync(
        path.join(root, resolved.kind === 'file' ? resolved.path : resolved.tried),
      );
      parts.push(`${reference}@${stat.size}:${stat.mtimeMs}`);
    } catch {
      parts.push(`${reference}@missing`);
    }
  }
  return createHash('sha1').update(parts.join('\n')).digest('hex');
}

/**
 * Names that wait for the chapters to be read: a part opened by a page takes that page's
 * title, and a handbook no config names takes the title of its own opening page.
 */
function named(book: Book): Book {
  const byPath = new Map(book.chapters.map((c) => [c.path, c]));
  const parts = book.parts.map((part) => {
    const page = part.titleFromOpening && part.opening ? byPath.get(part.opening) : undefined;
    return page ? { ...part, title: page.title } : part;
  });
  const first = book.chapters[0];
  const opensBook =
    first &&
    /(^|\/)(index|readme|_index)\.(md|markdown|mdx)$/i.test(first.path) &&
    first.part === undefined;
  const config =
    !book.config.titleGiven && opensBook ? { ...book.config, title: first.title } : book.config;
  return { ...book, parts, config };
}
