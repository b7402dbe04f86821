// The `handbook` command's code as one JavaScript file, made by esbuild from src/ and kept
// in node_modules/.cache/handbook-press/ until a source file changes. Node then starts the
// command in about 0.75 s instead of 1.3 s through tsx, which resolves and compiles every
// module on each start. Returns undefined where no bundle can be made (no node_modules to
// write into, esbuild missing): the caller runs the sources through tsx instead.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = path.join(ROOT, 'src');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'handbook-press');

export async function cliBundle() {
  try {
    if (!existsSync(path.join(ROOT, 'node_modules'))) return undefined;
    const dir = path.join(CACHE, `cli-${await sourcesKey()}`);
    if (!existsSync(dir)) await writeBundle(dir);
    return pathToFileURL(path.join(dir, 'main.js')).href;
  } catch {
    return undefined;
  }
}

/** Every source file's path, size and modification time, hashed: cheap, and any edit shows. */
async function sourcesKey() {
  const hash = createHash('sha1');
  const entries = await readdir(SOURCES, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const stats = await Promise.all(files.map((f) => stat(f)));
  files.forEach((f, i) => hash.update(`${f}\0${stats[i].size}\0${stats[i].mtimeMs}\n`));
  hash.update(await readFile(path.join(ROOT, 'package-lock.json')).catch(() => ''));
  // How the bundle is made is part of what it is.
  hash.update(await readFile(fileURLToPath(import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

async function writeBundle(dir) {
  const { build } = await import('esbuild');
  // Written aside and renamed: two commands started at once never read half a bundle.
  const partial = `${dir}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(SOURCES, 'cli', 'main.ts')],
    bundle: true,
    // One chunk per command, loaded when that command runs.
    splitting: true,
    outdir: partial,
    outExtension: { '.js': '.js' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The unified collective and the other small pure packages are bundled in: Node
    // resolving and compiling their hundreds of files took half of the start. Packages that
    // find their own files, start programs or are large and loaded late stay imports.
    external: EXTERNAL,
    // A package's ES module build where it has one (jsonc-parser's CommonJS one is UMD,
    // whose requires esbuild cannot follow).
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_SHIM },
    logLevel: 'silent',
    plugins: [sourceUrls, unnamedVisits],
  });
  // ESM without a package.json saying so: mark the folder's .js files as modules.
  await writeFile(path.join(partial, 'package.json'), '{ "type": "module" }\n');
  await rename(partial, dir).catch(async (error) => {
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(dir)) throw error; // another command made it first otherwise
  });
  // Bundles of earlier sources are of no more use.
  for (const name of await readdir(CACHE)) {
    const old = path.join(CACHE, name);
    if (name.startsWith('cli-') && old !== dir && !name.endsWith('.partial')) {
      await rm(old, { recursive: true, force: true });
    }
  }
}

/**
 * Packages left as imports: they read files beside their own code (fonts, data, binaries,
 * grammars), start a browser or a program, or are loaded only when a command needs them.
 */
const EXTERNAL = [
  'puppeteer',
  'puppeteer-core',
  'pagefind',
  'esbuild',
  'tsx',
  // pdf-lib is bundled (its 139 CommonJS files took 0.1 s to load in every build that
  // prints); fontkit, loaded for numbered copies only, is not.
  '@pdf-lib/fontkit',
  'fontkit',
  'katex',
  'shiki',
  '@shikijs/*',
  'jsdom',
  'dompurify',
  'mermaid',
  'sirv',
  'chokidar',
];

/** CommonJS packages bundled into ES modules call `require`: give them Node's. */
const REQUIRE_SHIM =
  "import { createRequire as __handbookRequire } from 'node:module'; const require = __handbookRequire(import.meta.url);";

/**
 * Each module keeps its own `import.meta.url` (the templates, the package.json and the
 * worker are found from it), not the bundle's.
 */
const sourceUrls = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: 'ts',
    }));
  },
};

/**
 * unist-util-visit-parents names a function after every node it visits, for stack traces
 * (`Object.defineProperty(visit, 'name', …)`): a sixth of the transform's time, for names
 * no build shows. The bundled copy leaves that one statement out; the walk is the same.
 */
const unnamedVisits = {
  name: 'unnamed-visits',
  setup(build) {
    build.onLoad({ filter: /unist-util-visit-parents[\\/]lib[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const naming = /Object\.defineProperty\(visit, 'name', \{[^}]*\}\)/;
      return { contents: source.replace(naming, ''), loader: 'js' };
    });
  },
};
