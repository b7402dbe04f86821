// A handbook made mostly of Mermaid diagrams, for the benchmark: CHAPTERS chapters of
// PER diagrams each, every one different (its labels carry its number), cycling through
// the diagram types handbooks use. With `asCode` the same fences are plain code: the
// build without drawing, to tell what the diagrams themselves cost.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const KINDS: ((n: number) => string)[] = [
  (n) =>
    `flowchart TD\n  A[Command ${n}] --> B[Staff ${n}]\n  B --> C[Sector ${n}]\n  B --> D[Liaison ${n}]`,
  (n) =>
    `sequenceDiagram\n  participant HQ as Headquarters ${n}\n  participant U as Unit ${n}\n  HQ->>U: Order ${n}\n  U-->>HQ: Report ${n}`,
  (n) =>
    `stateDiagram-v2\n  [*] --> Planning${n}\n  Planning${n} --> Deployed${n}\n  Deployed${n} --> [*]`,
  (n) => `pie title Contributions ${n}\n  "North" : ${(n % 7) + 3}\n  "South" : 5\n  "East" : 2`,
  (n) =>
    `timeline\n  title Operation ${n}\n  1995 : IFOR ${n}\n  1996 : SFOR ${n}\n  1999 : KFOR ${n}`,
  (n) =>
    `gantt\n  title Rotation ${n}\n  dateFormat YYYY-MM-DD\n  section Phase ${n}\n  Deploy :a1, 2026-01-01, 30d\n  Hand over :after a1, 10d`,
  (n) =>
    `classDiagram\n  class Force${n} {\n    +mandate\n    +deploy()\n  }\n  Force${n} <|-- Unit${n}`,
  (n) => `mindmap\n  root((Mission ${n}))\n    Security\n    Governance\n    Development`,
];

export async function generateDiagrams(
  root: string,
  chapters: number,
  per: number,
  asCode = false,
): Promise<number> {
  await rm(root, { recursive: true, force: true });
  await mkdir(path.join(root, 'chapters'), { recursive: true });
  await writeFile(path.join(root, 'handbook.yml'), 'title: Diagrams\n');
  let n = 0;
  for (let c = 1; c <= chapters; c++) {
    const body: string[] = [`# Chapter ${c}\n`];
    for (let d = 0; d < per; d++, n++) {
      const fence = asCode ? 'text' : 'mermaid';
      body.push(`## Figure ${n + 1}\n\nWhat the drawing shows.\n`);
      body.push(`\`\`\`${fence}\n${KINDS[n % KINDS.length]!(n + 1)}\n\`\`\`\n`);
    }
    const name = `${String(c).padStart(3, '0')}-chapter-${c}.md`;
    await writeFile(path.join(root, 'chapters', name), body.join('\n'));
  }
  return n;
}
