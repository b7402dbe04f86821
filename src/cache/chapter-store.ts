import { createHash } from 'node:crypto';
import type { ParsedChapter, RenderedChapter } from '../transform/chapter-work.ts';
import type { SignedStore } from './signed-store.ts';
import { toolIdentity } from './tool-identity.ts';

/** A parsed chapter as kept between builds, with the state of the files it was made from. */
export interface StoredParse {
  parsed: ParsedChapter;
  stamp: string;
}

/**
 * Each chapter's transform kept between builds, as `handbook dev` keeps it in memory: its
 * parse by the chapter's source key, its HTML by its render key (the source and where each
 * of its links leads), both under the identity of the code that made them and the project
 * they belong to. Writes wait in memory until `flush`, so a build never waits on them.
 */
export class ChapterStore {
  private pending: Promise<void>[] = [];

  constructor(
    private readonly store: SignedStore,
    private readonly project: string,
  ) {}

  parsed(sourceKey: string): Promise<StoredParse | undefined> {
    return this.store.get<StoredParse>('parsed', this.key('parsed', sourceKey));
  }

  rendered(renderKey: string): Promise<RenderedChapter | undefined> {
    return this.store.get<RenderedChapter>('rendered', this.key('rendered', renderKey));
  }

  keepParsed(sourceKey: string, value: StoredParse): void {
    this.keep('parsed', sourceKey, value);
  }

  keepRendered(renderKey: string, value: RenderedChapter): void {
    this.keep('rendered', renderKey, value);
  }

  /** Wait for what was kept to be written. A cache that cannot be written only costs time. */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }

  private keep(kind: 'parsed' | 'rendered', key: string, value: unknown): void {
    this.pending.push(this.store.put(kind, this.key(kind, key), value).catch(() => undefined));
  }

  private key(kind: string, key: string): string {
    return createHash('sha256')
      .update(`${toolIdentity()}\0${this.project}\0${kind}\0${key}`)
      .digest('hex');
  }
}
