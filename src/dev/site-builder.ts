import { existsSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pdfFileName } from '../build-pdf.ts';
import { loadBook } from '../load/load-book.ts';
import { SourceCache } from '../load/source-cache.ts';
import type { Book } from '../model/book.ts';
import { assertReplaceable, OUTPUT_MARKER } from '../output/staging.ts';
import { Diagnostics } from '../report/diagnostics.ts';
import { OutputFolder } from '../render/output-files.ts';
import { renderSite } from '../render/site.ts';
import { Transformer } from '../transform/transformer.ts';

export interface SiteBuilderOptions {
  root: string;
  outDir: string;
  chaptersDir?: string;
  /** Offer the PDF (a "Download PDF" link) when the handbook's config builds one. */
  offerPdf?: boolean;
  cwd?: string;
}

export interface SiteBuildResult {
  ok: boolean;
  diagnostics: Diagnostics;
  book?: Book;
}

/**
 * The HTML edition built again and again into one folder, as `handbook dev` does: files
 * are read, chapters transformed and pages written only when they changed since the
 * previous build. A build with errors writes nothing; the previous pages stay.
 */
export class SiteBuilder {
  private readonly sources = new SourceCache();
  private readonly transformer: Transformer;
  private readonly out: OutputFolder;
  private checked = false;

  constructor(private readonly options: SiteBuilderOptions) {
    this.transformer = new Transformer(path.resolve(options.root));
    this.out = new OutputFolder(path.resolve(options.outDir));
  }

  async build(): Promise<SiteBuildResult> {
    const root = path.resolve(this.options.root);
    const diagnostics = new Diagnostics(this.options.cwd);
    const loaded = await loadBook(
      {
        root,
        sources: this.sources,
        ...(this.options.chaptersDir
          ? { chaptersDir: path.resolve(this.options.chaptersDir) }
          : {}),
      },
      diagnostics,
    );
    if (!loaded || diagnostics.failed())
      return { ok: false, diagnostics, ...(loaded ? { book: loaded } : {}) };
    const book = await this.transformer.transform(loaded, diagnostics);
    if (diagnostics.failed()) return { ok: false, diagnostics, book };
    if (!this.checked) {
      await assertReplaceable(this.out.dir, { root, chaptersDir: book.config.chaptersDir });
      await mkdir(this.out.dir, { recursive: true });
      if (!existsSync(path.join(this.out.dir, OUTPUT_MARKER))) {
        await writeFile(
          path.join(this.out.dir, OUTPUT_MARKER),
          'Made by Handbook Press; replaced on every build.\n',
        );
      }
      this.checked = true;
    }
    const withPdf = this.options.offerPdf === true && book.config.pdf.enabled;
    await renderSite(book, this.out, withPdf ? { pdfName: pdfFileName(book) } : {});
    return { ok: true, diagnostics, book };
  }

  async close(): Promise<void> {
    await this.transformer.close();
  }
}
