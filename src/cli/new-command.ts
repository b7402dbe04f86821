import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { slug } from 'github-slugger';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load.ts';
import { resolveConfig } from '../config/resolve.ts';
import { splitName } from '../load/discover.ts';
import { isInside } from '../load/paths.ts';
import { Diagnostics } from '../report/diagnostics.ts';
import { HandbookError } from '../report/errors.ts';
import { printMessages } from './output.ts';

export interface NewFlags {
  dir: string;
  part?: string;
}

/** `handbook new chapter "Title"`: the next numbered file, front-matter filled in. */
export async function runNewChapter(title: string, flags: NewFlags): Promise<number> {
  const root = path.resolve(flags.dir);
  const diagnostics = new Diagnostics();
  const loaded = await loadConfig(root, (p) => diagnostics.display(p));
  if (!loaded.config) {
    if (loaded.file) diagnostics.adopt(String(loaded.file.data.absolutePath), loaded.file);
    printMessages(diagnostics.withMessages());
    return 1;
  }
  const config = resolveConfig(loaded.config, { root });
  const folder = flags.part ? path.resolve(config.chaptersDir, flags.part) : config.chaptersDir;
  if (!isInside(config.chaptersDir, folder)) {
    throw new HandbookError(`--part \`${flags.part}\` leads outside the chapters folder`, {
      hint: 'Name a folder under the chapters folder, e.g. --part 02-missions.',
    });
  }
  await mkdir(folder, { recursive: true });
  const names = await readdir(folder);
  const numbers = names.map((n) => splitName(n.replace(/\.(md|markdown)$/i, '')).prefix ?? 0);
  const next = Math.max(0, ...numbers) + 1;
  const width = Math.max(2, ...names.map((n) => /^(\d+)[-_. ]/.exec(n)?.[1]?.length ?? 0));
  const file = path.join(
    folder,
    `${String(next).padStart(width, '0')}-${slug(title) || 'chapter'}.md`,
  );
  if (existsSync(file)) throw new HandbookError(`\`${diagnostics.display(file)}\` already exists`);
  const frontMatter = {
    title,
    summary: 'One or two sentences saying what this chapter is for.',
    classification: config.classification,
    reviewed: new Date().toISOString().slice(0, 10),
  };
  await writeFile(file, `---\n${stringify(frontMatter)}---\n\nWrite the chapter here.\n`, {
    flag: 'wx',
  });
  process.stdout.write(`${diagnostics.display(file)}\n`);
  return 0;
}
