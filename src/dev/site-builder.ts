import { moveInlineStyles } from '../transform/inline-styles.ts';
import { drawDiagrams } from '../transform/diagrams/draw-diagrams.ts';
import { DrawingSession } from '../transform/diagrams/drawing-session.ts';
import { editionsOf } from '../load/editions.ts';
import { applyChanges } from '../transform/changes/apply-changes.ts';
import { existsSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pdfFileName } from '../render/pdf-name.ts';
import { loadBook } from '../load/load-book.ts';
import { SourceCache } from '../load/source-cache.ts';
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Book, Chapter } from '../model/book.ts';
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
  /** The pages were written (with or without problems): open pages should follow. */
  rendered: boolean;
  diagnostics: Diagnostics;
  book?: Book;
}

/**
 * The HTML edition built again and again into one folder, as `handbook dev` does: files
 * are read, chapters transformed and pages written only when they changed since the
 * previous build. Every page that can be rendered is, errors or not: a chapter whose
 * front-matter is wrong shows its error in place of its body. Only a config that cannot
 * be read leaves the previous pages as they were.
 */
export class SiteBuilder {
  private readonly sources = new SourceCache();
  /** One transformer and one output folder per language's edition, kept between builds. */
  private readonly transformers = new Map<string, Transformer>();
  private readonly folders = new Map<string, OutputFolder>();
  private readonly out: OutputFolder;
  private checked = false;

  constructor(private readonly options: SiteBuilderOptions) {
    this.out = new OutputFolder(path.resolve(options.outDir));
  }

  async build(): Promise<SiteBuildResult> {
    const root = path.resolve(this.options.root);
    const diagnostics = new Diagnostics(this.options.cwd);
    const loaded = await loadBook(
      {
        root,
        sources: this.sources,
        keepBroken: true,
        ...(this.options.chaptersDir
          ? { chaptersDir: path.resolve(this.options.chaptersDir) }
          : {}),
      },
      diagnostics,
    );
    if (!loaded) return { ok: false, rendered: false, diagnostics };
    // Every language's edition, each in its folder, as `handbook build` writes them.
    const books: Book[] = [];
    const session = new DrawingSession();
    try {
      for (const edition of await editionsOf(loaded, diagnostics)) {
        const own = books.length === 0 ? diagnostics : new Diagnostics(this.options.cwd);
        books.push(await this.transformEdition(edition, own, session));
        if (own !== diagnostics) diagnostics.merge(own);
      }
    } finally {
      await session.close();
    }
    const book = books[0]!;
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
    // The PDF the server prints when asked is the original's: only its pages offer one.
    const withPdf = this.options.offerPdf === true && book.config.pdf.enabled;
    for (const edition of books) {
      await renderSite(
        edition,
        this.folderOf(edition),
        withPdf && edition === book ? { pdfName: pdfFileName(book) } : {},
      );
    }
    return { ok: !diagnostics.failed(book.config.strict), rendered: true, diagnostics, book };
  }

  private async transformEdition(
    edition: Book,
    diagnostics: Diagnostics,
    session: DrawingSession,
  ): Promise<Book> {
    const language = edition.config.language;
    let transformer = this.transformers.get(language);
    if (!transformer) {
      transformer = new Transformer(path.resolve(this.options.root));
      this.transformers.set(language, transformer);
    }
    const transformed = await transformer.transform(edition, diagnostics);
    // Only a diagram drawn in none of the earlier rebuilds is drawn now.
    await drawDiagrams(transformed, diagnostics, {
      timeout: transformed.config.pdf.timeout,
      session,
    });
    moveInlineStyles(transformed);
    // The marks of what changed since `previousEdition`, as the built editions show them.
    await applyChanges(transformed, diagnostics);
    return withErrorsShown(transformed, diagnostics);
  }

  private folderOf(edition: Book): OutputFolder {
    const dir = edition.edition?.dir ?? '';
    if (!dir) return this.out;
    let folder = this.folders.get(dir);
    if (!folder) {
      folder = new OutputFolder(path.join(this.out.dir, ...dir.split('/').filter(Boolean)));
      this.folders.set(dir, folder);
    }
    return folder;
  }

  async close(): Promise<void> {
    for (const transformer of this.transformers.values()) await transformer.close();
  }
}

/** Each broken chapter's body: what is wrong with it, where, as a caution callout. */
function withErrorsShown(book: Book, diagnostics: Diagnostics): Book {
  if (!book.chapters.some((c) => c.broken)) return book;
  const chapters = book.chapters.map((chapter): Chapter => {
    if (!chapter.broken) return chapter;
    const file = diagnostics.file(path.join(book.root, chapter.path));
    const items: ElementContent[] = file.messages
      .filter((m) => m.fatal)
      .map((m) =>
        h('li', `${file.path}${m.line ? `:${m.line}:${m.column ?? 1}` : ''} — ${m.reason}`),
      );
    return {
      ...chapter,
      hast: {
        type: 'root',
        children: [
          h('div', { className: ['callout', 'callout-caution'], role: 'note' }, [
            h('p', { className: ['callout-title'] }, 'This chapter does not build'),
            h('ul', items),
          ]),
        ],
      },
    };
  });
  return { ...book, chapters };
}
