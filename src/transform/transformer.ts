import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
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
import type { LinkIndex } from './link-index.ts';
import { assetOutputPath } from './plugins/rehype-chapter-links.ts';
import { WorkerClient } from './worker-client.ts';

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
}

interface CachedChapter {
  sourceKey: string;
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
  /** Chapters the worker transformed in the last run (the rest were done in this thread). */
  lastRunInWorker = 0;

  constructor(
    private readonly root: string,
    options: TransformerOptions = {},
  ) {
    this.local = new ChapterWork(root);
    this.workers = options.workers ?? (availableParallelism() >= 2 ? 1 : 0);
    this.workerThreshold = options.workerThreshold ?? WORKER_THRESHOLD;
  }

  /** Start the worker now when `chapters` is enough to need it, so it is ready in time. */
  warm(chapters: number): void {
    if (this.workers > 0 && !this.worker && chapters >= this.workerThreshold) {
      this.worker = new WorkerClient(this.root);
    }
  }

  async transform(book: Book, diagnostics: Diagnostics): Promise<Book> {
    const trace = tracer('transform');
    const inputs = book.chapters.map(toInput);
    const sourceKeys = new Map(inputs.map((i) => [i.path, sourceKey(i)]));
    for (const cached of [...this.cache.keys()])
      if (!sourceKeys.has(cached)) this.cache.delete(cached);

    // Parse what changed, shared between the threads when there is much of it.
    const toParse = inputs.filter(
      (i) => this.cache.get(i.path)?.sourceKey !== sourceKeys.get(i.path),
    );
    this.warm(toParse.length);
    const [forWorker, forLocal] = this.share(toParse);
    this.lastRunInWorker = forWorker.length;
    const workerParsed = forWorker.length > 0 ? this.worker!.parse(forWorker) : Promise.resolve([]);
    const parsedHere = new Set<string>();
    for (const parsed of this.local.parse(forLocal)) {
      this.cache.set(parsed.path, { sourceKey: sourceKeys.get(parsed.path)!, parsed });
      parsedHere.add(parsed.path);
    }
    trace(`parse ${forLocal.length} here`);
    const parsedThere = new Set<string>();
    for (const parsed of await workerParsed) {
      this.cache.set(parsed.path, { sourceKey: sourceKeys.get(parsed.path)!, parsed });
      parsedThere.add(parsed.path);
    }
    trace(`wait for ${forWorker.length} parsed in a worker`);

    // Render what changed, or whose links lead somewhere that changed.
    const index = linkIndex(book.chapters, this.cache);
    const renderThere: string[] = [];
    const renderHere: string[] = [];
    const reparse: ChapterInput[] = [];
    for (const input of inputs) {
      const entry = this.cache.get(input.path)!;
      const key = renderKey(this.root, entry, index);
      if (entry.renderKey === key && entry.rendered) continue;
      entry.renderKey = key;
      if (parsedThere.has(input.path)) renderThere.push(input.path);
      else {
        if (!parsedHere.has(input.path)) reparse.push(input);
        renderHere.push(input.path);
      }
    }
    this.local.parse(reparse);
    const workerRendered =
      renderThere.length > 0 ? this.worker!.render(renderThere, index) : Promise.resolve([]);
    const renderedHere = await this.local.render(renderHere, index);
    trace(`render ${renderHere.length} here`);
    const rendered = [...renderedHere, ...(await workerRendered)];
    for (const result of rendered) this.cache.get(result.path)!.rendered = result;
    trace(`wait for ${renderThere.length} rendered in a worker`);

    return this.assemble(book, diagnostics);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
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
    return { ...book, chapters, assets: [...assets.values()] };
  }
}

function toInput(chapter: Chapter): ChapterInput {
  return {
    path: chapter.path,
    source: chapter.source,
    body: chapter.body,
    ...(chapter.frontMatter.title !== undefined
      ? { frontMatterTitle: chapter.frontMatter.title }
      : {}),
    fallbackTitle: chapter.title,
  };
}

function sourceKey(input: ChapterInput): string {
  return createHash('sha1')
    .update(`${input.path}\0${input.frontMatterTitle ?? ''}\0${input.fallbackTitle}\0${input.body}`)
    .digest('hex');
}

/** Chapters by path with the page they became and the anchors inside them. */
function linkIndex(chapters: Chapter[], cache: Map<string, CachedChapter>): LinkIndex {
  const index: LinkIndex = {};
  for (const chapter of chapters) {
    const { parsed } = cache.get(chapter.path)!;
    if (parsed.refused) continue;
    index[chapter.path] = {
      id: chapter.id,
      anchors: [
        ...(parsed.titleId ? [parsed.titleId] : []),
        ...parsed.headings.map((h) => h.id),
        ...parsed.rawIds,
      ],
    };
  }
  return index;
}

/**
 * What a chapter's HTML depends on: its source, and for each place it links to, that
 * chapter's page and anchors, or that file's existence and modification time.
 */
function renderKey(root: string, entry: CachedChapter, index: LinkIndex): string {
  const parts = [entry.sourceKey];
  for (const reference of entry.parsed.references) {
    const target = index[reference];
    if (target) {
      parts.push(`${reference}>${target.id}#${target.anchors.join(',')}`);
      continue;
    }
    try {
      const stat = statSync(path.join(root, reference));
      parts.push(`${reference}@${stat.size}:${stat.mtimeMs}`);
    } catch {
      parts.push(`${reference}@missing`);
    }
  }
  return createHash('sha1').update(parts.join('\n')).digest('hex');
}
