import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChapterInput, ParsedChapter, RenderedChapter } from './chapter-work.ts';
import type { LinkIndex } from './link-index.ts';
import type { WorkerRequest } from './worker-main.ts';

type Pending = { resolve: (value: never) => void; reject: (error: Error) => void };
type Request = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

/** The main thread's handle on a transform worker: the same calls as `ChapterWork`. */
export class WorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  constructor(root: string) {
    this.worker = new Worker(workerEntry(), { workerData: { root } });
    this.worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined)
        pending?.reject(new Error(`Transform worker: ${message.error}`));
      else pending?.resolve(message.result as never);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) =>
      this.failAll(new Error(`Transform worker exited with code ${code}`)),
    );
  }

  parse(inputs: ChapterInput[]): Promise<ParsedChapter[]> {
    return this.request({ type: 'parse', inputs });
  }

  render(paths: string[], index: LinkIndex): Promise<RenderedChapter[]> {
    return this.request({ type: 'render', paths, index });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private request<T>(request: Request): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The worker's code as one plain JavaScript file. Run through tsx, a worker spends most of
 * its start resolving every import through the loader (0.6 s here); bundled once by
 * esbuild (about 20 ms) it starts in 0.2 s. The bundle sits in node_modules/.cache so that
 * its package imports resolve; where that cannot be written, the tsx entry is used.
 */
function workerEntry(): URL | string {
  const fallback = new URL('./worker.mjs', import.meta.url);
  const cacheRoot = path.join(PACKAGE_ROOT, 'node_modules');
  if (!existsSync(cacheRoot)) return fallback;
  try {
    // Loaded here, when a worker is started, not with every build (60 ms).
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL('./worker-main.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const hash = createHash('sha1').update(code).digest('hex').slice(0, 12);
    const file = path.join(cacheRoot, '.cache', 'handbook-press', `transform-worker-${hash}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, code);
      // Bundles of earlier sources are of no more use (one being started reads it first).
      for (const name of readdirSync(path.dirname(file))) {
        if (name.startsWith('transform-worker-') && name !== path.basename(file))
          rmSync(path.join(path.dirname(file), name), { force: true });
      }
    }
    return file;
  } catch {
    return fallback;
  }
}
