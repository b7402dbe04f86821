import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SignedStore } from './signed-store.ts';
import { toolIdentity } from './tool-identity.ts';

/**
 * The characters each bundled font file has, kept between builds under a hash of the
 * file: the check of every build needs them, and reading them takes fontkit (0.2 s to
 * load) and the font. An entry that is not a list of code points is not used.
 */
export class CharacterSets {
  private readonly keys = new Map<string, Promise<string>>();

  constructor(private readonly store: SignedStore) {}

  /** The kept character sets of the font files `sources` names (those it has). */
  async recall(sources: string[]): Promise<Map<string, Set<number>>> {
    const found = new Map<string, Set<number>>();
    await Promise.all(
      sources.map(async (source) => {
        const key = await this.key(source).catch(() => undefined);
        const kept = key ? await this.store.get<unknown>('glyphs', key) : undefined;
        if (Array.isArray(kept) && kept.every((point) => Number.isInteger(point)))
          found.set(source, new Set(kept as number[]));
      }),
    );
    return found;
  }

  async keep(read: Map<string, Set<number>>): Promise<void> {
    await Promise.all(
      [...read].map(async ([source, points]) =>
        this.store.put('glyphs', await this.key(source), [...points]).catch(() => undefined),
      ),
    );
  }

  private key(source: string): Promise<string> {
    let key = this.keys.get(source);
    if (!key) {
      key = readFile(source).then((bytes) =>
        createHash('sha256').update(toolIdentity()).update('\0').update(bytes).digest('hex'),
      );
      this.keys.set(source, key);
    }
    return key;
  }
}
