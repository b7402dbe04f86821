import pako from 'pako';
import { deflateSync } from 'node:zlib';

/**
 * pdf-lib compresses the object streams and cross-reference stream it writes with pako,
 * zlib ported to JavaScript: half a second of saving a 500-page handbook, on the main
 * thread. Node's own zlib writes the same format in half the time. pdf-lib calls
 * `deflate` on the pako module it imports, so that module is given Node's; everything
 * else pako does is left as it is. Imported here as pdf-lib imports it (the one pako of
 * the package, a dependency of ours too), so that the command's bundle, which holds
 * pdf-lib and pako once, patches the copy pdf-lib calls.
 */
pako.deflate = (data) => deflateSync(data);
