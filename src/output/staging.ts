import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../load/paths.ts';
import { HandbookError } from '../report/errors.ts';
import { isAlive } from './process-alive.ts';

import { OUTPUT_MARKER } from './marker.ts';

export { OUTPUT_MARKER };

const STAGING = '.handbook-staging-';
const RETIRED = '.handbook-retired-';

/**
 * The build writes into a staging folder beside the output and swaps it in at the end, so a
 * failed or killed build leaves the previous output untouched.
 */
export async function createStaging(outDir: string): Promise<string> {
  const parent = path.dirname(outDir);
  await mkdir(parent, { recursive: true });
  await sweepStale(parent);
  const staging = path.join(
    parent,
    `${STAGING}${process.pid}-${Date.now().toString(36)}-${path.basename(outDir)}`,
  );
  await mkdir(staging);
  await writeFile(
    path.join(staging, OUTPUT_MARKER),
    'Made by Handbook Press; replaced on every build.\n',
  );
  return staging;
}

/**
 * Check, before any work, that replacing `outDir` cannot destroy something the user owns:
 * it may not be (or hold) the project or its chapters, nor sit inside the chapters folder,
 * and an existing folder must be one we made.
 */
export async function assertReplaceable(
  outDir: string,
  project: { root: string; chaptersDir: string },
): Promise<void> {
  for (const dir of [project.root, project.chaptersDir]) {
    if (isInside(outDir, dir)) {
      throw new HandbookError(
        `Refusing to write the output to \`${outDir}\`: it would replace \`${dir}\``,
        {
          hint: 'Choose an output folder of its own, e.g. --out dist.',
        },
      );
    }
  }
  // An output folder among the chapters (a GitHub or Jekyll folder is its own chapters
  // folder) is fine: discovery never reads a folder Handbook Press made (OUTPUT_MARKER).
  if (!existsSync(outDir)) return;
  if (!(await stat(outDir)).isDirectory()) {
    throw new HandbookError(`Output \`${outDir}\` exists and is not a folder`, {
      hint: 'Remove it or choose another --out.',
    });
  }
  const entries = await readdir(outDir);
  if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
    throw new HandbookError(
      `Refusing to replace \`${outDir}\`: it is not a folder Handbook Press made`,
      {
        hint: 'Empty it, remove it, or choose another --out.',
      },
    );
  }
}

/** Swap the finished staging folder into place; the previous output is removed only after. */
export async function commitStaging(staging: string, outDir: string): Promise<void> {
  const retired = path.join(
    path.dirname(outDir),
    `${RETIRED}${process.pid}-${Date.now().toString(36)}`,
  );
  const hadPrevious = existsSync(outDir);
  if (hadPrevious) await rename(outDir, retired);
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadPrevious) await rename(retired, outDir);
    throw new HandbookError(`Cannot move the new output into \`${outDir}\``, { cause: error });
  }
  if (hadPrevious) await rm(retired, { recursive: true, force: true });
}

export async function discardStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}

/** Remove staging and retired folders left by builds whose process is gone. */
async function sweepStale(parent: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const match = new RegExp(`^(?:${STAGING}|${RETIRED})(\\d+)-`).exec(name);
    if (!match || isAlive(Number(match[1]))) continue; // our own pid is alive too
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
}
