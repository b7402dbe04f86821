import { createHash } from 'node:crypto';
import type { PageMap } from '../finish/page-map.ts';
import type { Book } from '../model/book.ts';
import type { SignedStore } from './signed-store.ts';
import { toolIdentity } from './tool-identity.ts';

/**
 * Where every link target landed in the last PDF of this handbook, kept for the next build:
 * printed with those page numbers first, it needs no draft when nothing moved. Kept per
 * project, theme and page setup (another layout would only make a poor guess); a guess is
 * always checked against the print it made, so a wrong one costs a print, never a number.
 * Kept with it: where the pieces of that print began, so the next one cuts them alike.
 */
export interface Recalled {
  map: PageMap;
  /** The first chapter of each piece it was printed in (print/pieces.ts). */
  pieces?: string[];
}

export class PrintMemory {
  constructor(
    private readonly store: SignedStore,
    private readonly book: Book,
  ) {}

  async recall(): Promise<Recalled | undefined> {
    const kept = await this.store.get<Recalled>('print', this.key());
    if (!kept || typeof kept.map?.pageCount !== 'number' || !kept.map.destinations)
      return undefined;
    const pieces = Array.isArray(kept.pieces) && kept.pieces.every((id) => typeof id === 'string');
    return { map: kept.map, ...(pieces ? { pieces: kept.pieces } : {}) };
  }

  async keep(kept: Recalled): Promise<void> {
    await this.store.put('print', this.key(), kept).catch(() => undefined);
  }

  private key(): string {
    const { config, root } = this.book;
    return createHash('sha256')
      .update(toolIdentity())
      .update(`\0${root}\0${config.language}\0${config.theme}\0${JSON.stringify(config.pdf)}`)
      .digest('hex');
  }
}
