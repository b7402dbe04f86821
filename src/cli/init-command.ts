import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HandbookError } from '../report/errors.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** The files of a new handbook: a config and two chapters that show the features. */
function starter(title: string): Record<string, string> {
  return {
    'handbook.yml': `# Every key is optional; see the README's configuration reference.
title: ${JSON.stringify(title)}
subtitle: A briefing handbook
organisation: Your organisation
version: '0.1'
date: '${today()}'
language: en-GB
classification: UNCLASSIFIED
notice: Draft for review.
authors:
  - { name: Your name, role: Editor }
revisions:
  - { version: '0.1', date: '${today()}', changes: First draft. }
reviewPeriodDays: 365
# Every warning (a broken link, a missing image …) fails the build, as --strict does.
strict: true
`,
    'chapters/01-introduction.md': `---
title: Introduction
summary: What this handbook is for and who should read it.
classification: UNCLASSIFIED
reviewed: ${today()}
---

This handbook is written in Markdown, one file per chapter, numbered in reading order.

:::key-points
- Each chapter has a title, a summary and a classification in its front-matter.
- Link to another chapter by its file: [First steps](02-first-steps.md#before-you-start).
:::

## Who should read it

Everyone joining the team.
`,
    'chapters/02-first-steps.md': `---
title: First steps
summary: What to do in the first week.
classification: UNCLASSIFIED
reviewed: ${today()}
---

## Before you start

| Day | Task |
|---|---|
| 1 | Read the [introduction](01-introduction.md). |
| 2 | Meet the team. |

:::warning
Keep the handbook's markings in mind when you share it.
:::
`,
  };
}

/** `handbook init [dir]`: a new handbook that builds at once; never writes over anything. */
export async function runInit(dir: string): Promise<number> {
  const root = path.resolve(dir);
  if (
    existsSync(root) &&
    (await readdir(root)).some((n) => n === 'handbook.yml' || n === 'chapters')
  ) {
    throw new HandbookError(`\`${dir}\` already holds a handbook`, {
      hint: 'Choose an empty or new folder.',
    });
  }
  const title = path
    .basename(root)
    .replace(/[-_]+/g, ' ')
    .replace(/^\w/, (c) => c.toUpperCase());
  for (const [relative, content] of Object.entries(starter(title))) {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content, { flag: 'wx' });
  }
  const shown = path.relative(process.cwd(), root) || '.';
  process.stdout.write(
    `Created a handbook in ${shown}/\nNext: handbook build ${shown}   or   handbook dev ${shown}\n`,
  );
  return 0;
}
