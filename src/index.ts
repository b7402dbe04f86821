// The public API: what the `handbook` command does, as functions.
export { build, type BuildOptions, type BuildResult, type Stage } from './build.ts';
export { buildPdf } from './build-pdf.ts';
export { pdfFileName } from './render/pdf-name.ts';
export { checkBook } from './check/check-book.ts';
export { startDevServer, type DevServer } from './dev/dev-server.ts';
export { SiteBuilder } from './dev/site-builder.ts';
export { loadBook } from './load/load-book.ts';
export type { Book, Chapter, Heading, Part } from './model/book.ts';
export { Diagnostics } from './report/diagnostics.ts';
export { HandbookError } from './report/errors.ts';
export { transformBook } from './transform/transform-book.ts';
