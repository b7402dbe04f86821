import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliRun } from '../helpers.ts';

const run = promisify(execFile);

// One fence of each diagram type Mermaid has that handbooks use, each with a label the
// PDF's text must hold; then a broken one and one that tries to get out of its drawing.
const DIAGRAMS: Record<string, { source: string; label: string }> = {
  flowchart: {
    source: 'flowchart TD\n  A[Council] --> B[Strategic command]',
    label: 'Strategic command',
  },
  sequence: {
    source: 'sequenceDiagram\n  Liaison->>Headquarters: Request support',
    label: 'Request support',
  },
  class: { source: 'classDiagram\n  class Brigade {\n    +int strength\n  }', label: 'Brigade' },
  state: {
    source: 'stateDiagram-v2\n  [*] --> Planning\n  Planning --> Deployment',
    label: 'Deployment',
  },
  gantt: {
    source:
      'gantt\n  title Rotation plan\n  dateFormat YYYY-MM-DD\n  section Sector\n  Handover :2026-01-01, 30d',
    label: 'Handover',
  },
  timeline: {
    source: 'timeline\n  title Operations\n  1995 : Implementation Force',
    label: 'Implementation Force',
  },
  mindmap: {
    source: 'mindmap\n  root((Mandate))\n    Monitoring\n    Reconstruction',
    label: 'Reconstruction',
  },
  pie: {
    source: 'pie title Contributions\n  "Infantry" : 60\n  "Engineers" : 40',
    label: 'Engineers',
  },
  quadrant: {
    source:
      'quadrantChart\n  title Risk matrix\n  x-axis Low --> High\n  y-axis Rare --> Likely\n  Ambush: [0.7, 0.8]',
    label: 'Ambush',
  },
};

const BROKEN_AT = { line: 0 };

function chapter(): string {
  const lines = ['---', 'title: Diagrams', '---', '', 'Every kind of diagram.', ''];
  for (const [name, { source }] of Object.entries(DIAGRAMS)) {
    lines.push(
      `## ${name}`,
      '',
      name === 'flowchart'
        ? '```mermaid title="Chain of command" alt="Council above strategic command"'
        : '```mermaid',
      source,
      '```',
      '',
    );
  }
  lines.push('## Broken', '');
  lines.push('```mermaid', 'flowchart TD', '  A --> B', '  B -->> C[', '```', '');
  lines.push(
    '## Escape',
    '',
    '```mermaid',
    '%%{init: {"securityLevel": "loose", "themeCSS": ".marking { display: none } body { background: url(http://127.0.0.1:9/x) }"}}%%',
    'flowchart TD',
    '  A[Escape] --> B[Target]',
    '  click A href "javascript:alert(1)"',
    '```',
    '',
  );
  const text = lines.join('\n');
  // The broken line, as the file numbers it.
  BROKEN_AT.line = text.split('\n').indexOf('  B -->> C[') + 1;
  return text;
}

const temp = await tempDir();
const root = path.join(temp.dir, 'book');
let first: CliRun;
let html: string;
let css: string;

beforeAll(async () => {
  await mkdir(path.join(root, 'chapters'), { recursive: true });
  await writeFile(path.join(root, 'handbook.yml'), 'title: Diagram handbook\n');
  await writeFile(path.join(root, 'chapters', '01-diagrams.md'), chapter());
  first = await runCli(['build', '--cache-dir', path.join(temp.dir, 'cache')], root, {
    HANDBOOK_TRACE: '1',
  });
  html = await readFile(path.join(root, 'dist', 'diagrams.html'), 'utf8');
  css = await readFile(path.join(root, 'dist', 'assets', 'content.css'), 'utf8');
}, 180_000);
afterAll(() => temp.done());

describe('Mermaid diagrams drawn at build time', () => {
  it('draws every diagram type as an inline SVG whose text is text, with no script and nothing remote', () => {
    expect(first.code, first.stderr).toBe(0);
    const figures = [...html.matchAll(/<figure class="diagram"[^>]*>([\s\S]*?)<\/figure>/g)].map(
      (m) => m[1]!,
    );
    expect(figures).toHaveLength(Object.keys(DIAGRAMS).length + 2);
    const drawn = figures.filter((f) => f.startsWith('<svg'));
    expect(drawn).toHaveLength(Object.keys(DIAGRAMS).length + 1);
    for (const { label } of Object.values(DIAGRAMS)) expect(html).toContain(label.split(' ')[0]);
    for (const svg of drawn) {
      expect(svg).not.toMatch(
        /<script|<foreignObject|\son[a-z]+=|javascript:|(?:href|src)="https?:/i,
      );
      expect(svg).not.toMatch(/\sstyle="/);
    }
    expect(html).toMatch(/<svg [^>]*aria-label="Council above strategic command"/);
    expect(html).toMatch(/<figcaption>Chain of command<\/figcaption>/);
  });

  it('keeps every diagram style inside its own drawing, whatever a diagram asks for', () => {
    expect(css).not.toMatch(/\.marking|url\(|@import|body\s*\{/);
    const rules = css
      .split('}')
      .map((r) => r.trim())
      .filter((r) => r && !r.startsWith('.st-') && !r.startsWith('@'));
    expect(rules.length).toBeGreaterThan(50);
    for (const rule of rules) expect(rule).toMatch(/^#diagram-[0-9a-f]{16}\b/);
  });

  it("reports a diagram Mermaid cannot read at its line, with Mermaid's reason, and prints it as code", async () => {
    expect(first.stderr).toMatch(
      new RegExp(
        `${BROKEN_AT.line}:1 +warning Mermaid could not draw this diagram \\(line 3 of the diagram\\): Expecting .*it prints as code`,
      ),
    );
    const kept = [...html.matchAll(/<figure class="diagram"[^>]*>(<pre[\s\S]*?<\/pre>)/g)];
    expect(kept).toHaveLength(1);
    expect(kept[0]![1]!.replace(/<[^>]+>/g, '')).toContain('B -->> C[');
    const strict = await runCli(
      ['build', '--strict', '--no-cache', '--out', path.join(temp.dir, 'strict')],
      root,
    );
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/Mermaid could not draw this diagram/);
  }, 120_000);

  it("puts the diagrams into the PDF as text in the theme's fonts from npm", async () => {
    const pdf = path.join(
      root,
      'dist',
      (await readdir(path.join(root, 'dist'))).find((f) => f.endsWith('.pdf'))!,
    );
    const { stdout: text } = await run('pdftotext', [pdf, '-']);
    const flat = text.replace(/\s+/g, ' ');
    // Every label, the timeline's events too (Mermaid puts a CSS filter on them, which
    // would print them as a picture).
    for (const [name, { label }] of Object.entries(DIAGRAMS)) expect(flat, name).toContain(label);
    const { stdout: fonts } = await run('pdffonts', [pdf]);
    // Every font is one of ours: none drawn by Chromium itself (Type 3, as stroked letters
    // such as a sequence's actor names would be).
    expect(fonts).not.toMatch(/Type 3/);
    const names = fonts
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
    expect(names.length).toBeGreaterThan(2);
    for (const name of names)
      expect(name).toMatch(/^(SourceSans3|SourceSerif4|JetBrainsMono|KaTeX_)/);
  });

  it('draws nothing again when nothing changed, and only the diagram that did', async () => {
    expect(first.stderr).toMatch(/diagrams 11 found, 11 to draw/);
    const again = await runCli(['build', '--cache-dir', path.join(temp.dir, 'cache')], root, {
      HANDBOOK_TRACE: '1',
    });
    expect(again.stderr).toMatch(/diagrams 11 found, 0 to draw/);
    expect(await readFile(path.join(root, 'dist', 'diagrams.html'), 'utf8')).toBe(html);
    const file = path.join(root, 'chapters', '01-diagrams.md');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('Request support', 'Request relief'),
    );
    const edited = await runCli(['build', '--cache-dir', path.join(temp.dir, 'cache')], root, {
      HANDBOOK_TRACE: '1',
    });
    expect(edited.stderr).toMatch(/diagrams 11 found, 1 to draw/);
    expect(await readFile(path.join(root, 'dist', 'diagrams.html'), 'utf8')).toContain(
      'Request relief',
    );
  }, 180_000);
});

describe('a diagram that takes too long', () => {
  it('is stopped with a warning at its fence and printed as code; the others are drawn', async () => {
    const work = await tempDir();
    try {
      const book = path.join(work.dir, 'book');
      await mkdir(path.join(book, 'chapters'), { recursive: true });
      // A dense flowchart (40 nodes, Mermaid's limit of 500 edges nearly reached): 1.5–2 s
      // to draw on a 2-core EPYC, about 4 s on an older one, against a limit of 0.8 s (at
      // 2.5 s, the faster machine drew it in time). The small one takes under 0.15 s.
      const edges: string[] = [];
      for (let i = 0; i < 40 && edges.length < 490; i++)
        for (let j = i + 1; j < 40 && edges.length < 490; j++) edges.push(`  N${i} --> N${j}`);
      const text = [
        '# Slow',
        '',
        '```mermaid',
        'flowchart LR',
        '  A[Quick one] --> B[Drawn]',
        '```',
        '',
        '```mermaid',
        'flowchart TD',
        ...edges,
        '```',
        '',
      ].join('\n');
      await writeFile(path.join(book, 'chapters', '01-slow.md'), text);
      await writeFile(path.join(book, 'handbook.yml'), 'title: Slow\npdf:\n  timeout: 800\n');
      const result = await runCli(['build', '--no-pdf', '--no-cache'], book);
      expect(result.code, result.stderr).toBe(0);
      const line = text.split('\n').indexOf('flowchart TD');
      expect(result.stderr).toMatch(
        new RegExp(
          `01-slow\\.md\\n${line}:1 +warning Mermaid could not draw this diagram: drawing took longer than 0\\.8 s; stopped; it prints as code`,
        ),
      );
      const page = await readFile(path.join(book, 'dist', 'slow.html'), 'utf8');
      expect(page).toMatch(/<figure class="diagram"[^>]*><svg[^>]*>(?:(?!<\/svg>)[\s\S])*Quick/);
      const code = /<figure class="diagram"[^>]*>(<pre[\s\S]*?<\/pre>)/.exec(page)![1]!;
      expect(code.replace(/<[^>]+>/g, '')).toContain('N0 --> N1');
    } finally {
      await work.done();
    }
  }, 120_000);
});
