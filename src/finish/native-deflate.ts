import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

/**
 * pdf-lib compresses the object streams and cross-reference stream it writes with pako,
 * zlib ported to JavaScript: half a second of saving a 500-page handbook, on the main
 * thread. Node's own zlib writes the same format in half the time. pdf-lib calls
 * `deflate` on the pako module it requires, so that module is given Node's; everything
 * else pako does is left as it is.
 */
const pdfLibRequire = createRequire(createRequire(import.meta.url).resolve('pdf-lib'));
const pako = pdfLibRequire('pako') as { deflate: (data: Uint8Array) => Uint8Array };
pako.deflate = (data) => deflateSync(data);
