import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Bytes of the secret each entry is signed with. */
const SECRET_BYTES = 32;
/** Entries over this size are not kept: nothing a chapter makes comes near. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/**
 * A folder of JSON entries, each signed with a secret of this user on this machine (kept
 * in `~/.cache/handbook-press/secret`, readable by the user alone). What a build reads back
 * goes into the editions as it is, so an entry is used only when its signature is right:
 * one that is corrupt, cut short, copied from another machine or user, or written by
 * anything but Handbook Press is a miss, never trusted.
 */
export class SignedStore {
  /** Entries read or written through this store, by kind: what one build used. */
  private readonly touched = new Map<string, Set<string>>();

  private constructor(
    readonly dir: string,
    private readonly secret: Buffer,
  ) {}

  /** The store in `dir`, or undefined when there is no secret to sign with (no cache then). */
  static open(dir: string): SignedStore | undefined {
    const secret = userSecret();
    return secret ? new SignedStore(dir, secret) : undefined;
  }

  async get<T>(kind: string, key: string): Promise<T | undefined> {
    this.touch(kind, key);
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file(kind, key));
    } catch {
      return undefined;
    }
    const newline = bytes.indexOf(10);
    if (newline !== 64 || bytes.length > MAX_ENTRY_BYTES) return undefined;
    const mac = Buffer.from(bytes.subarray(0, 64).toString('latin1'), 'hex');
    const body = bytes.subarray(65);
    const expected = this.sign(kind, key, body);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
    try {
      return JSON.parse(body.toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** Write an entry whole or not at all (a temporary file renamed into place). */
  async put(kind: string, key: string, value: unknown): Promise<void> {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    this.touch(kind, key);
    if (body.length > MAX_ENTRY_BYTES) return;
    const file = this.file(kind, key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const mac = this.sign(kind, key, body).toString('hex');
    await writeFile(temporary, Buffer.concat([Buffer.from(`${mac}\n`, 'latin1'), body]));
    await rename(temporary, file);
  }

  /**
   * Remove the entries of `kinds` this store did not read or write (older versions, and
   * leftover temporary files), so the cache stays the size of one build. Called once the
   * whole build has used it: every language's edition keeps its own entries.
   */
  async sweepUntouched(kinds: string[]): Promise<void> {
    for (const kind of kinds) {
      const keep = this.touched.get(kind) ?? new Set<string>();
      const base = path.join(this.dir, kind);
      const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
      await Promise.all(
        entries
          .filter((e) => e.isFile() && !keep.has(e.name.replace(/\.json$/, '')))
          .map((e) => rm(path.join(e.parentPath, e.name), { force: true })),
      );
    }
  }

  /** Mark an entry used by this build without reading it (one already held in memory). */
  touch(kind: string, key: string): void {
    const keys = this.touched.get(kind) ?? new Set<string>();
    keys.add(key);
    this.touched.set(kind, keys);
  }

  private file(kind: string, key: string): string {
    if (!/^[a-z-]+$/.test(kind) || !/^[0-9a-f]{16,128}$/.test(key))
      throw new Error(`Not a cache entry name: ${kind}/${key}`);
    return path.join(this.dir, kind, key.slice(0, 2), `${key}.json`);
  }

  /** The signature covers the entry's name too: a valid entry copied to another name is not. */
  private sign(kind: string, key: string, body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(`${kind}\0${key}\0`).update(body).digest();
  }
}

/** This user's signing secret, made on first use; undefined when it can be neither read nor made. */
function userSecret(): Buffer | undefined {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const file = path.join(base, 'handbook-press', 'secret');
  const read = () => {
    try {
      const secret = readFileSync(file);
      return secret.length === SECRET_BYTES ? secret : undefined;
    } catch {
      return undefined;
    }
  };
  const existing = read();
  if (existing) return existing;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Another build may be making it at this moment: whoever creates it first, all use it.
    const made = `${file}.${process.pid}.tmp`;
    writeFileSync(made, randomBytes(SECRET_BYTES), { mode: 0o600 });
    try {
      linkSync(made, file);
    } catch {
      // there is one already (or was made since)
    }
    unlinkSync(made);
    return read();
  } catch {
    return undefined;
  }
}
