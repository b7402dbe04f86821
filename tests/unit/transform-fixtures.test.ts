import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { messageLines, REPO, transformProject } from '../helpers.ts';

// Each folder under tests/fixtures/transform/ is a tiny project: its chapters go through
// load + transform, and the HTML of each chapter and the messages must match the expected
// files. `UPDATE_FIXTURES=1 npx vitest run tests/unit/transform-fixtures.test.ts`
// rewrites them; read the diff before committing.
const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'transform');
const update = process.env.UPDATE_FIXTURES === '1';

describe('transform fixtures', async () => {
  const cases = (await readdir(FIXTURES, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it.each(cases)('%s', async (name) => {
    const root = path.join(FIXTURES, name);
    const { book, diagnostics } = await transformProject(root);
    expect(book).toBeDefined();
    const expectedDir = path.join(root, 'expected');
    if (update) await mkdir(expectedDir, { recursive: true });
    for (const chapter of book!.chapters) {
      const html = `${toHtml(chapter.hast!)}\n`;
      const file = path.join(expectedDir, `${chapter.id}.html`);
      if (update) await writeFile(file, html);
      expect(existsSync(file), `expected/${chapter.id}.html exists`).toBe(true);
      expect(html).toBe(await readFile(file, 'utf8'));
    }
    const messages = messageLines(diagnostics).join('\n') + '\n';
    const messagesFile = path.join(expectedDir, 'messages.txt');
    if (update) await writeFile(messagesFile, messages);
    expect(messages).toBe(await readFile(messagesFile, 'utf8'));
  });
});
