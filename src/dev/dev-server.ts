import { createReadStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { watch, type FSWatcher } from 'chokidar';
import { buildPdf } from '../build-pdf.ts';
import { pdfFileName } from '../render/pdf-name.ts';
import { isInside } from '../load/paths.ts';
import { isAlive } from '../output/process-alive.ts';
import type { Book } from '../model/book.ts';
import { formatErrorChain, HandbookError } from '../report/errors.ts';
import { OutputFolder } from '../render/output-files.ts';
import { SEARCH_DIR, writeSearchIndex } from '../render/search-index.ts';
import {
  answer,
  baseHeaders,
  isLoopbackHost,
  isOwnOrigin,
  requestPath,
  staticFiles,
} from './dev-http.ts';
import { SiteBuilder } from './site-builder.ts';

export interface DevServerOptions {
  root: string;
  port: number;
  chaptersDir?: string;
  /** Called after each build, for the terminal. */
  onBuild?: (status: BuildStatus) => void;
}

export interface BuildStatus {
  ok: boolean;
  /** Counts successful builds; a page built by an older one reloads. */
  generation: number;
  messages: {
    file: string;
    line?: number;
    column?: number;
    severity: string;
    reason: string;
    ruleId: string;
  }[];
  ms: number;
}

export interface DevServer {
  url: string;
  /** Resolves when the build started by the last change has finished. */
  settled(): Promise<BuildStatus>;
  close(): Promise<void>;
}

const CLIENT = readFileSync(fileURLToPath(new URL('./client.js', import.meta.url)), 'utf8');

/**
 * `handbook dev`: the HTML edition built into a temporary folder and served on 127.0.0.1;
 * every save rebuilds what changed and reloads the open pages; a content error shows in
 * them as an overlay until fixed. Bad input never stops the server.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root);
  await sweepDevFolders();
  const outDir = await mkdtemp(path.join(os.tmpdir(), `${DEV_PREFIX}${process.pid}-`));
  // However the process ends, its build folder goes with it (a kill -9 is swept next time).
  const removeOnExit = () => rmSync(outDir, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  let pdfName: string | undefined;
  const builder = new SiteBuilder({
    root,
    outDir,
    ...(options.chaptersDir ? { chaptersDir: options.chaptersDir } : {}),
    // Messages name files as the author sees them in the project.
    cwd: root,
    offerPdf: true,
  });
  const clients = new Set<http.ServerResponse>();
  let status: BuildStatus = { ok: false, generation: 0, messages: [], ms: 0 };
  let book: Book | undefined;
  let pdfGeneration = -1;
  let searchGeneration = -1;
  // The debounce of the watcher's events; set while a save waits to be built.
  let timer: NodeJS.Timeout | undefined;
  // One build (or PDF) at a time, in the order asked for.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };

  const rebuild = () =>
    serial(async () => {
      const started = performance.now();
      try {
        const result = await builder.build();
        const messages = result.diagnostics.withMessages().flatMap((file) =>
          file.messages.map((m) => ({
            file: file.path,
            ...(m.line ? { line: m.line, column: m.column ?? 1 } : {}),
            severity: m.fatal ? 'error' : 'warning',
            reason: m.reason,
            ruleId: `handbook:${m.ruleId ?? 'unknown'}`,
          })),
        );
        if (result.ok) book = result.book;
        if (result.ok && result.book) pdfName = pdfFileName(result.book);
        // Written pages are a new generation, problems or not: the open pages follow
        // each save, and say what is wrong over it.
        status = {
          ok: result.ok,
          generation: status.generation + (result.rendered ? 1 : 0),
          messages,
          ms: performance.now() - started,
        };
      } catch (error) {
        status = {
          ok: false,
          generation: status.generation,
          messages: [
            {
              file: root,
              severity: 'error',
              reason: formatErrorChain(error),
              ruleId: 'handbook:internal',
            },
          ],
          ms: performance.now() - started,
        };
      }
      for (const client of clients) send(client, status);
      options.onBuild?.(status);
      return status;
    });

  /** The PDF of the current sources, printed when asked for and only when they changed. */
  const pdfResponse = async (response: http.ServerResponse) => {
    try {
      // A save whose rebuild is still waiting out the debounce is built first: the PDF
      // asked for after a save is the PDF of that save.
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        await rebuild();
      }
      const file = await serial(async () => {
        if (!book || !pdfName || !status.ok) return undefined;
        if (pdfGeneration !== status.generation) {
          await buildPdf(book, new OutputFolder(outDir));
          pdfGeneration = status.generation;
        }
        return path.join(outDir, pdfName);
      });
      if (!file) return answer(response, 503, 'The handbook does not build; see the page.');
      response.writeHead(200, { 'content-type': 'application/pdf' });
      createReadStream(file).pipe(response);
    } catch (error) {
      answer(response, 500, formatErrorChain(error));
    }
  };

  const files = staticFiles(outDir);
  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    baseHeaders(response);
    const port = (server.address() as AddressInfo | null)?.port ?? options.port;
    // A page on another site may address this server by a name of its own (DNS
    // rebinding): only loopback names are answered.
    if (!isLoopbackHost(request, port)) return answer(response, 421, 'Not a loopback host');
    const relative = requestPath(request);
    if (relative === undefined) return answer(response, 400, 'Bad path');
    if (relative === '__handbook/events') {
      if (!isOwnOrigin(request, port)) return answer(response, 403, 'Not an own page');
      response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' });
      clients.add(response);
      send(response, status);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (relative === '__handbook/client.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(CLIENT);
      return;
    }
    if (pdfName && relative === pdfName) return void pdfResponse(response);
    if (relative.startsWith(`${SEARCH_DIR}/`) && searchGeneration !== status.generation && book) {
      // The search index is built when someone searches, not on every save.
      const current = book;
      void serial(async () => {
        if (searchGeneration === status.generation) return;
        await writeSearchIndex(outDir, current.config.language);
        searchGeneration = status.generation;
      }).then(
        () => server.emit('request', request, response),
        (error: unknown) => answer(response, 500, formatErrorChain(error)),
      );
      return;
    }
    if (!relative.endsWith('.html')) return files(request, response);
    const file = path.join(outDir, relative);
    const found = isInside(outDir, file) && existsSync(file) && statSync(file).isFile();
    if (!found && status.ok) return answer(response, 404, 'Not found');
    // Pages get the dev client; with a failed first build, an empty page that shows the overlay.
    const html = found
      ? readFileSync(file, 'utf8')
      : '<!doctype html><title>Handbook</title><body></body>';
    // A file, not an inline script: the pages' policy runs none.
    const inject = `<script src="/__handbook/client.js" data-generation="${status.generation}"></script>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      html.includes('</body>') ? html.replace('</body>', `${inject}</body>`) : html + inject,
    );
  };
  // No request, however malformed, stops the server.
  const server = http.createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      answer(response, 500, formatErrorChain(error));
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await rebuild();
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new HandbookError(
              error.code === 'EADDRINUSE'
                ? `Port ${options.port} on 127.0.0.1 is in use`
                : `Port ${options.port} needs privileges this user does not have`,
              { hint: 'Choose another with --port N, or --port 0 for any free port.' },
            )
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  // A server that cannot listen leaves nothing behind: no worker, no temporary folder.
  await listening.catch(async (error: unknown) => {
    await builder.close();
    await rm(outDir, { recursive: true, force: true });
    throw error;
  });
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    // A link to `/` in the chapters folder must not make the server watch the whole disk.
    followSymlinks: false,
    ignored: (file) => {
      const name = path.basename(file);
      return (
        name === 'node_modules' ||
        name === '.git' ||
        name === 'dist' ||
        name.startsWith('.handbook-') ||
        isInside(outDir, file)
      );
    },
    // No awaitWriteFinish: it is known to lose events (chokidar#384). A save seen half
    // written is followed by another event, and the debounce below rebuilds after the last.
  });
  // A watcher that fails (out of inotify watches, say) must say so: the page would
  // otherwise stop following the author's saves without a word.
  watcher.on('error', (error) => {
    status = {
      ...status,
      ok: false,
      messages: [
        {
          file: root,
          severity: 'error',
          reason: `Cannot watch the project for changes: ${formatErrorChain(error)}`,
          ruleId: 'handbook:internal',
        },
      ],
    };
    options.onBuild?.(status);
    for (const client of clients) send(client, status);
  });
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void rebuild();
    }, 60);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    settled: async () => {
      // Let the watcher notice and the debounce fire, then wait for the queue to drain.
      let seen: unknown;
      do {
        seen = tail;
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tail;
      } while (seen !== tail);
      return status;
    },
    async close() {
      clearTimeout(timer);
      await watcher.close();
      for (const client of clients) client.end();
      await new Promise((resolve) => server.close(resolve));
      await tail;
      await builder.close();
      await rm(outDir, { recursive: true, force: true });
      process.off('exit', removeOnExit);
    },
  };
}

const DEV_PREFIX = 'handbook-dev-';

/** Build folders of dev servers that were killed (their process no longer exists). */
async function sweepDevFolders(): Promise<void> {
  const names = await readdir(os.tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(new RegExp(`^${DEV_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

function send(client: http.ServerResponse, status: BuildStatus): void {
  client.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
}
