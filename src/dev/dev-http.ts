import type http from 'node:http';
import sirv from 'sirv';

/**
 * What `handbook dev` answers, and how, so that a web page the author visits cannot use
 * the server: only requests addressed to a loopback name are answered (a DNS-rebinding
 * page arrives with its own host name), the event stream only to the server's own pages,
 * attachments never as pages of the server's origin, and no request can stop the server.
 */

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when the request was addressed to this server by a loopback name and our port. */
export function isLoopbackHost(request: http.IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase());
  if (!match) return false;
  return LOOPBACK_NAMES.has(match[1]!) && Number(match[2] ?? 80) === port;
}

/** True when a request comes from no page at all, or from one of ours. */
export function isOwnOrigin(request: http.IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] !== 'cross-site';
  try {
    const url = new URL(origin);
    return (
      url.protocol === 'http:' && LOOPBACK_NAMES.has(url.hostname) && Number(url.port) === port
    );
  } catch {
    return false;
  }
}

/** The path of a request, decoded; undefined when it cannot be (`/%E0%A4%A`) or is not plain. */
export function requestPath(request: http.IncomingMessage): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  // No NUL, no backslash, no segment that climbs or is hidden (`..`, `.git`, `.handbook-output`).
  if (/[\0\\]/.test(pathname)) return undefined;
  if (pathname.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  return pathname.replace(/^\/+/, '') || 'index.html';
}

/** Headers every answer carries: no sniffing a type, no framing by another site. */
export function baseHeaders(response: http.ServerResponse): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'SAMEORIGIN');
  response.setHeader('Cache-Control', 'no-store');
}

/**
 * Everything but the pages, from the build folder, by sirv. Attachments (`media/`: a
 * chapter's images and linked files) are sent sandboxed: opened on their own they run no
 * script and reach nothing of the server's origin.
 */
export function staticFiles(dir: string): http.RequestListener {
  const serve = sirv(dir, {
    dev: true,
    dotfiles: false,
    setHeaders(response, pathname) {
      if (pathname.startsWith('/media/')) {
        response.setHeader(
          'Content-Security-Policy',
          "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src data:",
        );
      }
    },
  });
  return (request, response) =>
    serve(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    });
}

/** Answer and close, whatever state the response is in. */
export function answer(response: http.ServerResponse, status: number, text: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}
