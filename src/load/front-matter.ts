import matter from 'gray-matter';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { parseDocument, type Document } from 'yaml';
import { frontMatterSchema, FRONT_MATTER_KEYS, type FrontMatter } from '../model/front-matter.ts';
import { addError, addWarning } from '../report/messages.ts';
import { closest, placeZodIssues, yamlDataProblem, yamlReason } from '../report/yaml-positions.ts';

/** Thrown by the engines we refuse, so that no front-matter language but YAML is ever run. */
class RefusedEngine extends Error {}

const refuse = (language: string) => () => {
  throw new RefusedEngine(language);
};

/** A YAML parse that keeps the document, for positions of schema problems. */
class YamlFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The YAML engine hands its Document back under this key, for positions of schema problems. */
const DOCUMENT = Symbol('yaml document');

// gray-matter runs `---js` front-matter through eval() unless told otherwise (CVE-2021-23639).
// Every engine but YAML and JSON is replaced by one that refuses.
const MATTER_OPTIONS = {
  engines: {
    yaml: (text: string) => {
      // CRLF files: a CR before each LF becomes a space, keeping every offset where it was.
      const doc = parseDocument(text.replace(/\r/g, ' '), { uniqueKeys: true });
      const first = doc.errors[0];
      if (first) throw new YamlFailure(first.pos[0], yamlReason(first));
      let data: unknown;
      try {
        data = doc.toJS({ maxAliasCount: 100 });
      } catch (error) {
        const problem = yamlDataProblem(doc, error);
        throw new YamlFailure(problem.offset ?? 0, problem.reason);
      }
      if (data === null || data === undefined) return { [DOCUMENT]: doc };
      if (typeof data !== 'object' || Array.isArray(data)) return data;
      return Object.assign(data, { [DOCUMENT]: doc });
    },
    javascript: refuse('javascript'),
    js: refuse('js'),
    coffee: refuse('coffee'),
    coffeescript: refuse('coffeescript'),
    cson: refuse('cson'),
  },
};

export interface SplitChapter {
  frontMatter: FrontMatter;
  /** The body with the front-matter blanked out character for character. */
  body: string;
  ok: boolean;
}

/** Split a chapter into validated front-matter and a body whose positions match the file. */
export function readFrontMatter(file: VFile, source: string): SplitChapter {
  const place = location(file);
  const empty: SplitChapter = { frontMatter: {}, body: source, ok: true };
  if (/^\+\+\+[ \t]*\r?\n/.test(source)) return readTomlFrontMatter(file, source);
  if (!/^---/.test(source)) return empty;
  let parsed: matter.GrayMatterFile<string>;
  try {
    // A fresh object each time: gray-matter caches by content only without options, but be sure.
    parsed = matter(source, { ...MATTER_OPTIONS });
  } catch (error) {
    return { ...empty, ok: false, body: '', ...reportParseError(file, source, error, place) };
  }
  const bodyStart = source.length - parsed.content.length;
  const body = blank(source.slice(0, bodyStart)) + parsed.content;
  // gray-matter's `matter` starts right after the opening `---` line's text.
  const matterStart = /^---[^\r\n]*/.exec(source)![0].length;
  const data: unknown = parsed.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    addError(
      file,
      'Front-matter must be a mapping of keys to values',
      { line: 1, column: 1 },
      'front-matter',
    );
    return { frontMatter: {}, body, ok: false };
  }
  const result = frontMatterSchema.safeParse(data);
  const doc = (data as { [DOCUMENT]?: Document })[DOCUMENT];
  if (!result.success) {
    for (const issue of doc
      ? placeZodIssues(doc, result.error)
      : [{ reason: result.error.message }]) {
      const range = 'range' in issue ? issue.range : undefined;
      const at = range ? place.toPoint(matterStart + range[0]) : { line: 1, column: 1 };
      addError(file, `Front-matter ${issue.reason}`, at, 'front-matter');
    }
    return { frontMatter: {}, body, ok: false };
  }
  warnMisspeltKeys(file, result.data, doc, matterStart, place);
  return { frontMatter: result.data, body, ok: true };
}

function reportParseError(
  file: VFile,
  source: string,
  error: unknown,
  place: ReturnType<typeof location>,
) {
  if (error instanceof RefusedEngine) {
    const written = /^---([^\r\n]*)/.exec(source)![1]!.trim();
    addError(
      file,
      `Front-matter in \`${written}\` is code and is never run: write it as YAML`,
      { line: 1, column: 1 },
      'front-matter-code',
    );
  } else if (error instanceof YamlFailure) {
    // The YAML starts after the opening `---` (and any language name) on line 1.
    const opening = /^---[^\r\n]*/.exec(source)![0].length;
    addError(
      file,
      `Invalid YAML in front-matter: ${error.message}`,
      place.toPoint(opening + error.offset),
      'front-matter',
    );
  } else {
    const reason = error instanceof Error ? error.message : String(error);
    addError(file, `Cannot read front-matter: ${reason}`, { line: 1, column: 1 }, 'front-matter');
  }
  return {};
}

function warnMisspeltKeys(
  file: VFile,
  data: Record<string, unknown>,
  doc: Document | undefined,
  matterStart: number,
  place: ReturnType<typeof location>,
) {
  for (const key of Object.keys(data)) {
    if (FRONT_MATTER_KEYS.includes(key)) continue;
    const suggestion = closest(key, FRONT_MATTER_KEYS);
    if (!suggestion) continue;
    const node = doc?.contents && 'items' in doc.contents ? doc.contents.items : [];
    const pair = (node as { key?: { value?: unknown; range?: number[] } }[]).find(
      (p) => p.key?.value === key,
    );
    const at = pair?.key?.range
      ? place.toPoint(matterStart + pair.key.range[0]!)
      : { line: 1, column: 1 };
    addWarning(
      file,
      `Unknown front-matter key \`${key}\` is ignored (did you mean \`${suggestion}\`?)`,
      at,
      'front-matter',
    );
  }
}

/** Replace every character but line breaks with a space: offsets, lines and columns survive. */
function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

/** Where a front-matter key is written, for messages about it (line 1 when it is absent). */
export function keyPosition(source: string, key: string): { line: number; column: number } {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = source.split(/\r?\n/).findIndex((l) => new RegExp(`^${escaped}\\s*[:=]`).test(l));
  return { line: line >= 0 ? line + 1 : 1, column: 1 };
}

/**
 * Hugo's TOML front-matter, between `+++` lines: parsed as data (smol-toml), validated by
 * the same schema, problems at their line.
 */
function readTomlFrontMatter(file: VFile, source: string): SplitChapter {
  const close = /\r?\n\+\+\+[ \t]*(?:\r?\n|$)/.exec(source.slice(3));
  if (!close) {
    addError(
      file,
      'Front-matter opened with `+++` is never closed',
      { line: 1, column: 1 },
      'front-matter',
    );
    return { frontMatter: {}, body: '', ok: false };
  }
  const end = 3 + close.index + close[0].length;
  const body = blank(source.slice(0, end)) + source.slice(end);
  let data: unknown;
  try {
    data = parseToml(source.slice(source.indexOf('\n') + 1, 3 + close.index));
  } catch (error) {
    const at =
      error instanceof TomlError
        ? { line: error.line + 1, column: error.column }
        : { line: 1, column: 1 };
    addError(
      file,
      `Invalid TOML in front-matter: ${(error as Error).message.split('\n')[0]}`,
      at,
      'front-matter',
    );
    return { frontMatter: {}, body, ok: false };
  }
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const at = key ? keyPosition(source, key) : { line: 1, column: 1 };
      addError(
        file,
        `Front-matter \`${issue.path.join('.')}\`: ${issue.message.replace(/^Invalid input: /, '')}`,
        at,
        'front-matter',
      );
    }
    return { frontMatter: {}, body, ok: false };
  }
  return { frontMatter: result.data, body, ok: true };
}
