import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { addError, addWarning } from '../report/messages.ts';
import { readGuarded } from '../guard/files.ts';

/** Chapters above this size are refused: they are almost certainly not prose. */
export const MAX_CHAPTER_BYTES = 16 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Read a chapter as UTF-8 text, through the file guard. Problems (outside the project, not
 * a regular file, too big, binary, invalid UTF-8) become messages on `file`, and the
 * result is undefined.
 */
export async function readText(
  file: VFile,
  absolute: string,
  root: string,
): Promise<string | undefined> {
  const read = await readGuarded(root, absolute, { maxBytes: MAX_CHAPTER_BYTES });
  if (!read.ok) {
    const { kind, reason } = read.refusal;
    // A file that is not there to read leaves a chapter out, like a link to outside.
    if (kind === 'too-large') addError(file, `Chapter ${reason}`, undefined, 'limit');
    else if (kind === 'outside')
      addWarning(file, `Chapter ${reason}; it is left out`, undefined, 'outside-project');
    else addWarning(file, `Chapter ${reason}; it is left out`, undefined, 'refused-file');
    return undefined;
  }
  const bytes = read.bytes;
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

/** Bytes of a small text file (config, part file) as text; a byte-order mark is dropped. */
export function decodeText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
