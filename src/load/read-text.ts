import { readFile, realpath, stat } from 'node:fs/promises';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { addError, addWarning } from '../report/messages.ts';
import { isInside } from './paths.ts';

/** Chapters above this size are refused: they are almost certainly not prose. */
export const MAX_CHAPTER_BYTES = 16 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Read a chapter as UTF-8 text. Problems (outside the project, too big, binary, invalid UTF-8)
 * become errors on `file`, and the result is undefined.
 */
export async function readText(
  file: VFile,
  absolute: string,
  root: string,
): Promise<string | undefined> {
  const real = await realpath(absolute);
  if (!isInside(await realpath(root), real)) {
    addWarning(
      file,
      `Chapter is a link to \`${real}\`, outside the project folder; it is not read`,
      undefined,
      'outside-project',
    );
    return undefined;
  }
  const { size } = await stat(real);
  if (size > MAX_CHAPTER_BYTES) {
    addError(
      file,
      `Chapter is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_CHAPTER_BYTES / 1048576} MB`,
      undefined,
      'limit',
    );
    return undefined;
  }
  const bytes = await readFile(real);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    file.value = lenient;
    const at = location(file).toPoint(lenient.indexOf('\uFFFD'));
    addError(file, 'File is not valid UTF-8 text (save it as UTF-8)', at, 'read');
    return undefined;
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    file.value = text;
    addError(
      file,
      'File holds binary data (a NUL byte), not Markdown text',
      location(file).toPoint(nul),
      'read',
    );
    return undefined;
  }
  // A byte-order mark is invisible to the author; dropping it keeps columns as they see them.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
