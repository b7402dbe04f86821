import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempDir } from '../helpers.ts';

// Files that are not what they seem, config values shaped to escape, chapters built to
// make the parser crawl, and text that would drive the terminal. Each build must end on
// its own, with a message naming the file (and the line where there is one), and nothing
// else of the build lost.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const done of cleanups) await done();
});

async function project(files: Record<string, string>): Promise<string> {
  const temp = await tempDir();
  cleanups.push(temp.done);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(temp.dir, name)), { recursive: true });
    await writeFile(path.join(temp.dir, name), content);
  }
  return temp.dir;
}

/** Build with a deadline far below the CLI helper's own: a hang fails here, quickly. */
function build(dir: string, args: string[] = [], ms = 60_000) {
  return new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, 'build', ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

describe('files that are not what they seem', () => {
  it('refuses pipes, devices, folders, loops and dangling links by name, and builds the rest', async () => {
    const dir = await project({
      'chapters/01-fine.md':
        '# Fine\n\n![a pipe](images/pipe.png) ![a folder](images/folder.png) ![a device](images/zero.png) ![another](images/null.png)\n',
      'chapters/02-part/01-inside.md': '# Inside\n\nText.\n',
      'chapters/03-other/01-more.md': '# More\n\nText.\n',
      'chapters/04-third/01-last.md': '# Last\n\nText.\n',
    });
    const outside = await project({ 'secret.yml': 'title: SECRET-PART-TITLE\n' });
    const chapters = path.join(dir, 'chapters');
    execFileSync('mkfifo', [path.join(chapters, '05-pipe.md')]);
    execFileSync('mkfifo', [path.join(chapters, '02-part', '_part.yml')]);
    await mkdir(path.join(chapters, 'images', 'folder.png'), { recursive: true });
    execFileSync('mkfifo', [path.join(chapters, 'images', 'pipe.png')]);
    await symlink('/dev/zero', path.join(chapters, 'images', 'zero.png'));
    // Devices and a socket inside the project (these tests run as root, as CI does).
    execFileSync('mknod', [path.join(chapters, '03-other', '_part.yml'), 'c', '1', '5']);
    execFileSync('mknod', [path.join(chapters, 'images', 'null.png'), 'c', '1', '3']);
    const socket = net.createServer();
    await new Promise<void>((resolve) =>
      socket.listen(path.join(chapters, '09-socket.md'), resolve),
    );
    cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
    await symlink(path.join(outside, 'secret.yml'), path.join(chapters, '04-third', '_part.yml'));
    await mkdir(path.join(chapters, 'a-folder'));
    await symlink(path.join(chapters, 'a-folder'), path.join(chapters, '06-folder.md'));
    await symlink('07-loop.md', path.join(chapters, '07-loop.md'));
    await symlink('nowhere.md', path.join(chapters, '08-dangling.md'));
    const run = await build(dir, ['--no-pdf']);
    expect(run.code, run.stderr).toBe(0);
    const expected: [string, RegExp][] = [
      ['chapters/05-pipe.md', /Chapter is a named pipe, not a file; it is left out\s+refused-file/],
      ['chapters/02-part/_part.yml', /Part file is a named pipe, not a file; it is not read/],
      ['chapters/03-other/_part.yml', /Part file is a device, not a file; it is not read/],
      [
        'chapters/04-third/_part.yml',
        /Part file leads to `[^`]+secret\.yml`, outside the project folder/,
      ],
      ['chapters/06-folder.md', /Chapter is a folder, not a file; it is left out/],
      ['chapters/07-loop.md', /Chapter is a loop of links; it is left out/],
      [
        'chapters/08-dangling.md',
        /Chapter is a link to something that does not exist; it is left out/,
      ],
      [
        'chapters/01-fine.md',
        /Image `images\/pipe\.png` is a named pipe, not a file; it is left out/,
      ],
      ['chapters/01-fine.md', /Image `images\/folder\.png` is a folder; it is left out/],
      [
        'chapters/01-fine.md',
        /Image `images\/zero\.png` leaves the project folder; it is left out/,
      ],
    ];
    for (const [file, reason] of expected) {
      expect(run.stderr, `${file} ${reason.source}`).toMatch(
        new RegExp(`${file.replace(/\./g, '\\.')}\\n(?:.*\\n)*?.*${reason.source}`),
      );
    }
    const pages = await readdir(path.join(dir, 'dist'));
    expect(pages).toEqual(
      expect.arrayContaining(['fine.html', 'inside.html', 'more.html', 'last.html']),
    );
    const html = await Promise.all(
      pages
        .filter((p) => p.endsWith('.html'))
        .map((p) => readFile(path.join(dir, 'dist', p), 'utf8')),
    );
    expect(html.join('\n')).not.toContain('SECRET-PART-TITLE');
  });

  it('refuses config values shaped to escape, each at its line', async () => {
    const dir = await project({
      'handbook.yml': [
        'title: Config attacks',
        'theme: ../../../tmp',
        'chapters: ../elsewhere',
        'language: "en\\"><script>alert(1)</script>"',
        'markings:',
        '  - { label: OPEN, color: "red; background: url(http://127.0.0.1:9/x)" }',
        'pdf:',
        '  filename: "javascript:alert(1).pdf"',
        '  margin: { top: "0; } @page { @top-center { content: \'X\' } } x {", right: 20mm }',
        '',
      ].join('\n'),
      'chapters/01-a.md': '# A\n',
    });
    const run = await build(dir, ['--no-pdf']);
    expect(run.code).toBe(1);
    for (const [line, text] of [
      [2, 'expected a theme name'],
      [4, 'expected a BCP 47 language tag'],
      [6, 'expected a CSS colour'],
      [8, 'expected a plain file name ending in .pdf'],
      [9, 'expected a CSS length'],
    ] as const) {
      expect(run.stderr).toMatch(new RegExp(`\\n${line}:\\d+[-\\d:]*\\s+error\\s+.*${text}`));
    }
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    const outside = await project({
      'handbook.yml': 'chapters: ../elsewhere\n',
      'chapters/01-a.md': '# A\n',
    });
    const run2 = await build(outside, ['--no-pdf']);
    expect(run2.code).toBe(1);
    expect(run2.stderr).toMatch(
      /handbook\.yml\n1:1\s+error\s+`chapters: \.\.\/elsewhere` leads outside the project folder/,
    );
  });

  it('writes nothing outside its folders: no PDF name, no new chapter climbs out', async () => {
    const dir = await project({ 'chapters/01-a.md': '# A\n' });
    const made = await runCli(['new', 'chapter', 'Escape', '--part', '../../escape'], dir);
    expect(made.code).toBe(1);
    expect(made.stderr).toContain('--part `../../escape` leads outside the chapters folder');
    expect(existsSync(path.join(dir, '..', 'escape'))).toBe(false);
    await writeFile(path.join(dir, 'handbook.yml'), 'pdf: { filename: ../../x.pdf }\n');
    const run = await build(dir, ['--no-pdf']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/1:\d+.*error.*expected a plain file name/);
  });

  it('reports an alias bomb in handbook.yml or front-matter at its line', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
      .concat(
        Array.from(
          { length: 8 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
        ),
      )
      .join('\n');
    const dir = await project({ 'handbook.yml': `${bomb}\n`, 'chapters/01-a.md': '# A\n' });
    const run = await build(dir, ['--no-pdf']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /handbook\.yml\n2:\d+\s+error\s+YAML aliases expand to too much data/,
    );
    const fm = await project({ 'chapters/01-a.md': `---\n${bomb}\n---\n# A\n` });
    const run2 = await build(fm, ['--no-pdf']);
    expect(run2.code).toBe(1);
    expect(run2.stderr).toMatch(/01-a\.md\n3:\d+\s+error\s+.*YAML aliases expand to too much data/);
  });
});

describe('chapters built to make the parser crawl', () => {
  it('leaves each out within its budget, at its place, and builds the rest', async () => {
    const dir = await project({
      'chapters/01-fine.md': '# Fine\n\nA chapter like any other.\n',
      'chapters/02-attr.md': `# Attributes\n\n${'<div title="<">'.repeat(20000)}x\n`,
      'chapters/03-quote-list.md': `# Quote list\n\n${'> - '.repeat(450)}x\n`,
      'chapters/04-emphasis.md': `# Emphasis\n\n${'*a'.repeat(40000)}\n`,
      'chapters/06-mixed.md': `# Mixed\n\n${'<span>> * '.repeat(600)}x\n`,
    });
    const run = await build(dir, [], 120_000);
    expect(run.code, run.stderr).toBe(0);
    for (const [file, at] of [
      ['02-attr', /3:\d+/],
      ['03-quote-list', /3:\d+/],
      ['04-emphasis', /3:1/],
      ['06-mixed', /3:\d+/],
    ] as const) {
      expect(run.stderr, file).toMatch(
        new RegExp(`${file}\\.md\\n${at.source}\\s+warning\\s+Chapter left out`),
      );
    }
    expect(await readdir(path.join(dir, 'dist'))).toEqual(expect.arrayContaining(['fine.html']));
    expect(run.stderr).not.toMatch(/Maximum call stack|RangeError|Invalid string length/);
  }, 180_000);

  it('stops at Ctrl-C within a second, even while a chapter is being parsed', async () => {
    const dir = await project({
      'chapters/01-slow.md': `# Slow\n\n${'*a'.repeat(60000)}\n`,
    });
    const child = spawn(process.execPath, [CLI, 'build', '--verbose', '--no-pdf'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.on('exit', (code) => resolve({ code, at: Date.now() })),
    );
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/transform/.test(stderr)) resolve();
      }),
    );
    // Well into the parse of the slow chapter (its budget is several seconds).
    await new Promise((resolve) => setTimeout(resolve, 800));
    const sent = Date.now();
    child.kill('SIGINT');
    const { code, at } = await exited;
    expect(code, stderr).toBe(130);
    expect(at - sent).toBeLessThan(1500);
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('grows the edition in step with its chapters: 5,000 tiny chapters', async () => {
    const sizes: Record<number, number> = {};
    for (const count of [500, 5000]) {
      const files: Record<string, string> = {};
      for (let i = 0; i < count; i++)
        files[`chapters/${String(i).padStart(5, '0')}-c.md`] = `# Chapter ${i}\n\nText ${i}.\n`;
      const dir = await project(files);
      const run = await build(dir, ['--no-pdf', '-q'], 170_000);
      expect(run.code, run.stderr).toBe(0);
      const du = execFileSync('du', ['-sb', path.join(dir, 'dist')], { encoding: 'utf8' });
      sizes[count] = Number(du.split('\t')[0]) / count;
    }
    console.info(
      `output per chapter: 500 → ${(sizes[500]! / 1024).toFixed(1)} KB, 5000 → ${(sizes[5000]! / 1024).toFixed(1)} KB`,
    );
    expect(sizes[5000]! / sizes[500]!).toBeLessThan(1.3);
  }, 240_000);
});

describe('text that would drive the terminal', () => {
  it('shows control characters escaped and never starts a line with author text', async () => {
    const dir = await project({
      'chapters/01-a.md':
        '---\n"classifi\\ecation": x\n---\n\n[a link](<missing\u001b[2J\u0007.md>)\n\n![an image](<a\u2028::error::b.png>)\n',
    });
    await writeFile(path.join(dir, 'chapters', '::error::named.md'), '[x](nowhere.md)\n');
    await writeFile(path.join(dir, 'chapters', 'bad\n::warning::name.md'), '[x](nowhere.md)\n');
    await writeFile(path.join(dir, 'chapters', 'sep\u2028::error::arated.md'), '[x](nowhere.md)\n');
    const run = await build(dir, ['--no-pdf']);
    expect(run.stderr).toContain('missing\\u{1b}[2J\\u{7}.md');
    expect(run.stderr).toContain('a%E2%80%A8::error::b.png');
    expect(run.stderr).toContain('chapters/sep\\u{2028}::error::arated.md');
    expect(run.stderr).toContain('classifi\\u{1b}cation');
    // eslint-disable-next-line no-control-regex -- exactly what must not be printed
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u2028]/);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(run.stderr).toContain('chapters/::error::named.md');
    expect(run.stderr).toContain('chapters/bad\\u{a}::warning::name.md');
  });
});

describe('the network', () => {
  it('stays closed while printing a chapter that asks for everything', async () => {
    const seen: string[] = [];
    const listener = net.createServer((socket) => {
      seen.push('connection');
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as net.AddressInfo).port;
    try {
      const dir = await project({
        'chapters/01-a.md': `---\ntitle: "</style><link rel=preconnect href=http://127.0.0.1:${port}/><link rel=dns-prefetch href=//localhost:${port}>"\n---\n\n<link rel="preconnect" href="http://127.0.0.1:${port}/">\n<iframe src="http://localhost:${port}/"></iframe>\n<object data="http://127.0.0.1:${port}/"></object>\n<embed src="http://127.0.0.1:${port}/">\n<meta http-equiv="refresh" content="0; url=http://127.0.0.1:${port}/">\n\n![a remote image](http://127.0.0.1:${port}/img.png)\n`,
      });
      const run = await build(dir);
      expect(run.code, run.stderr).toBe(0);
      expect(seen).toEqual([]);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
