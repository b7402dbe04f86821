import { parentPort, workerData } from 'node:worker_threads';
import { ChapterWork, type ChapterInput } from './chapter-work.ts';
import type { LinkIndex } from './link-index.ts';

/** Requests the main thread sends, answered in order with `{ id, result }` or `{ id, error }`. */
export type WorkerRequest =
  | { id: number; type: 'parse'; inputs: ChapterInput[] }
  | { id: number; type: 'render'; paths: string[]; index: LinkIndex };

const work = new ChapterWork((workerData as { root: string }).root);

parentPort!.on('message', async (request: WorkerRequest) => {
  try {
    const result =
      request.type === 'parse'
        ? work.parse(request.inputs)
        : await work.render(request.paths, request.index);
    parentPort!.postMessage({ id: request.id, result });
  } catch (error) {
    parentPort!.postMessage({
      id: request.id,
      error: error instanceof Error ? error.stack : String(error),
    });
  }
});
