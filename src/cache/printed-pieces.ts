import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MarkedStreams } from '../finish/artifacts.ts';
import { isInside } from '../load/paths.ts';
import type { SignedStore } from './signed-store.ts';
import { toolIdentity } from './tool-identity.ts';

interface Entry {
  /** Every file the piece read while printed, relative to the build folder, and its hash. */
  files: Record<string, string>;
  /** The PDF as Chromium printed it, base64. */
  pdf: string;
  /** Its content streams with the artifacts marked (finish/artifacts.ts), base64. */
  marked: Record<string, string>;
}

/** A piece as an earlier build printed and marked it. */
export interface PrintedPiece {
  pdf: Uint8Array;
  marked: MarkedStreams;
}

/**
 * The PDFs of pieces printed by earlier builds, so that a build after an edit prints only
 * the pieces it changed. A piece is named by everything its print depends on that the
 * build knows beforehand (its document, the numbers filled into it, the browser); the
 * files it read while printing (styles, fonts, images) are checked when it is recalled,
 * since a user may replace an image and leave the chapter as it was.
 */
export class PrintedPieces {
  private readonly hashes = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly store: SignedStore,
    /** The build folder the pieces are printed from (a new one every build). */
    private readonly baseDir: string,
  ) {}

  /** The name of a piece printed from these parts (document, numbers, browser …). */
  key(parts: string[]): string {
    const hash = createHash('sha256').update(toolIdentity());
    for (const part of parts) hash.update('\0').update(part);
    return hash.digest('hex');
  }

  async recall(key: string): Promise<PrintedPiece | undefined> {
    const entry = await this.store.get<Entry>('printed', key);
    if (!entry || typeof entry.pdf !== 'string') return undefined;
    if (!isStrings(entry.files) || !isStrings(entry.marked)) return undefined;
    for (const [file, hash] of Object.entries(entry.files))
      if ((await this.hash(file)) !== hash) return undefined;
    const marked: MarkedStreams = {};
    for (const [ref, bytes] of Object.entries(entry.marked))
      marked[ref] = Buffer.from(bytes, 'base64');
    return { pdf: Buffer.from(entry.pdf, 'base64'), marked };
  }

  /**
   * Keep a printed piece with the files it read but its `document` (named by the key, and
   * gone once loaded); a failure to write only costs a print next time.
   */
  async keep(
    key: string,
    piece: PrintedPiece,
    filesRead: string[],
    document: string,
  ): Promise<void> {
    const files: Record<string, string> = {};
    for (const absolute of filesRead) {
      const file = path.relative(this.baseDir, absolute).split(path.sep).join('/');
      if (file === document) continue;
      const hash = await this.hash(file);
      if (hash === undefined) return;
      files[file] = hash;
    }
    const marked: Entry['marked'] = {};
    for (const [ref, bytes] of Object.entries(piece.marked)) marked[ref] = base64(bytes);
    const entry: Entry = { files, pdf: base64(piece.pdf), marked };
    await this.store.put('printed', key, entry).catch(() => undefined);
  }

  /** A build file's content hash, read once per build; undefined when it is not there. */
  private hash(file: string): Promise<string | undefined> {
    let known = this.hashes.get(file);
    if (!known) {
      const absolute = path.resolve(this.baseDir, file);
      known = isInside(this.baseDir, absolute)
        ? readFile(absolute).then(
            (bytes) => createHash('sha256').update(bytes).digest('hex'),
            () => undefined,
          )
        : Promise.resolve(undefined);
      this.hashes.set(file, known);
    }
    return known;
  }
}

const base64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** A plain object of strings, as an entry's maps must be. */
function isStrings(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
