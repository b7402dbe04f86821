import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import { CLI, tempDir } from '../helpers.ts';

// `handbook dev` is reachable from every web page the author has open: an <img> can send
// it any path, a DNS-rebinding page any Host. It must answer only its own, and never die.
let project: { dir: string; done: () => Promise<void> };
let server: DevServer;
let port: number;

beforeAll(async () => {
  project = await tempDir();
  await mkdir(path.join(project.dir, 'chapters', 'images'), { recursive: true });
  await writeFile(
    path.join(project.dir, 'chapters', '01-a.md'),
    '# A\n\n![a drawing](images/d.svg) and [a file](images/notes.txt)\n',
  );
  await writeFile(
    path.join(project.dir, 'chapters', 'images', 'd.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text y="5">d</text></svg>',
  );
  await writeFile(path.join(project.dir, 'chapters', 'images', 'notes.txt'), 'notes\n');
  // A link to the root of the disk: the watcher must not walk it.
  await symlink('/', path.join(project.dir, 'chapters', 'link'));
  server = await startDevServer({ root: project.dir, port: 0 });
  port = Number(new URL(server.url).port);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await project?.done();
});

/** A request exactly as written, over a raw socket: the status line of the answer. */
function raw(request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', () => resolve(data.split('\r\n')[0] ?? ''));
    setTimeout(() => socket.destroy(), 3000);
  });
}

function get(pathname: string, headers: Record<string, string> = {}) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, headers }, (response) => {
      response.resume();
      resolve(response);
    });
    request.on('error', reject);
  });
}

async function alive(): Promise<boolean> {
  return (await get('/a.html')).statusCode === 200;
}

describe('handbook dev under attack', () => {
  it('survives a path that cannot be decoded and a request that is not HTTP', async () => {
    expect((await get('/%E0%A4%A')).statusCode).toBe(400);
    expect((await get('/%')).statusCode).toBe(400);
    expect(await raw('GET /\u0000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw('\u0016\u0003\u0001\u0000garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400|^$/);
    expect(
      await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: x\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 400/);
    expect(await alive()).toBe(true);
  });

  it('answers only loopback host names: a rebinding page gets nothing', async () => {
    expect((await get('/a.html', { host: `evil.example:${port}` })).statusCode).toBe(421);
    expect((await get('/a.html', { host: `127.0.0.1.evil.example:${port}` })).statusCode).toBe(421);
    expect((await get('/a.html', { host: `localhost:${port + 1}` })).statusCode).toBe(421);
    expect((await get('/a.html', { host: `localhost:${port}` })).statusCode).toBe(200);
    expect((await get('/a.html', { host: `[::1]:${port}` })).statusCode).toBe(200);
  });

  it('streams events to its own pages only', async () => {
    const other = await get('/__handbook/events', { origin: 'https://evil.example' });
    expect(other.statusCode).toBe(403);
    const own = await get('/__handbook/events', { origin: `http://127.0.0.1:${port}` });
    expect(own.statusCode).toBe(200);
    own.destroy();
  });

  it('sends attachments sandboxed and never sniffed, and no hidden file at all', async () => {
    const svg = await get('/media/chapters/images/d.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(svg.headers['x-content-type-options']).toBe('nosniff');
    const text = await get('/media/chapters/images/notes.txt');
    expect(text.headers['content-security-policy']).toMatch(/^sandbox/);
    expect((await get('/.handbook-output')).statusCode).toBe(400);
    expect((await get('/assets/../.handbook-output')).statusCode).toBe(400);
    expect(await alive()).toBe(true);
  });

  it('leaves no build folder behind when it is killed, once the next one starts', async () => {
    const leftovers = async () =>
      (await readdir(os.tmpdir())).filter((n) => n.startsWith('handbook-dev-'));
    const child = spawn(process.execPath, [CLI, 'dev', '--port', '0'], {
      cwd: project.dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Serving')) resolve();
      }),
    );
    const mine = (await leftovers()).filter((n) => n.startsWith(`handbook-dev-${child.pid}-`));
    expect(mine).toHaveLength(1);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(existsSync(path.join(os.tmpdir(), mine[0]!))).toBe(true);
    const next = await startDevServer({ root: project.dir, port: 0 });
    await next.close();
    expect(existsSync(path.join(os.tmpdir(), mine[0]!))).toBe(false);
  });
});
