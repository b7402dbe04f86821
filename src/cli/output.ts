import { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import { terminalSafe } from '../guard/terminal.ts';
import type { Stage } from '../build.ts';

/** Whether to colour and animate: a terminal, and neither NO_COLOR nor CI set. */
export function isInteractive(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && !process.env.CI;
}

export interface Progress {
  stage(stage: Stage, detail?: string): void;
  /** Clear a live progress line before other output. */
  clear(): void;
}

/**
 * Progress through the stages: one live line on a terminal, plain lines in CI and with
 * NO_COLOR (so logs stay readable), nothing with --quiet.
 */
export function createProgress(options: { quiet?: boolean; verbose?: boolean }): Progress {
  const interactive = isInteractive();
  let live = false;
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  return {
    stage(stage, detail) {
      if (options.quiet) return;
      const text = terminalSafe(`${stage}${detail ? ` ${detail}` : ''}`);
      if (interactive && !options.verbose) {
        process.stderr.write(`\r\x1b[2K  ${text}…`);
        live = true;
      } else {
        process.stderr.write(`  [${seconds()} s] ${text}\n`);
      }
    },
    clear() {
      if (live) process.stderr.write('\r\x1b[2K');
      live = false;
    },
  };
}

/** Problems as the user reads them: file, then line:column, message and rule. */
export function printMessages(
  files: VFile[],
  options: { quiet?: boolean; perRule?: number } = {},
): void {
  if (files.length === 0) return;
  const { shown, left } = options.perRule
    ? thinOut(files, options.perRule)
    : { shown: files, left: [] };
  process.stderr.write(
    `${reporter(shown, { quiet: options.quiet ?? false, color: isInteractive() })}\n`,
  );
  const s = (n: number) => (n === 1 ? '' : 's');
  for (const { rule, messages, files: inFiles } of left)
    process.stderr.write(
      `… and ${messages} more \`${rule}\` warning${s(messages)} in ${inFiles} file${s(inFiles)}: \`handbook check\` lists them all.\n`,
    );
}

/** Rules of advice on how a handbook is written, which can fire on every page of one. */
const ADVICE = new Set(['heading-level', 'missing-alt', 'link-text', 'table-header']);

/**
 * A handbook written for another tool can make one rule of advice warn on hundreds of
 * pages (a `###` under every generated page's title): the build shows the first
 * `perRule` of each and counts the rest, so the summary and the errors stay in view.
 * Errors, and warnings of what was refused or left out, are always all shown.
 */
export function thinOut(
  files: VFile[],
  perRule: number,
): { shown: VFile[]; left: { rule: string; messages: number; files: number }[] } {
  const seen = new Map<string, { messages: number; files: Set<string> }>();
  const shown = files
    .map((file) => {
      const copy = new VFile({ path: file.path });
      copy.messages = file.messages.filter((m) => {
        const rule = m.ruleId ?? 'unknown';
        if (m.fatal || !ADVICE.has(rule)) return true;
        const count = seen.get(rule) ?? { messages: 0, files: new Set<string>() };
        seen.set(rule, count);
        if (++count.messages <= perRule) return true;
        count.files.add(file.path);
        return false;
      });
      return copy;
    })
    .filter((file) => file.messages.length > 0);
  const left = [...seen.entries()]
    .filter(([, count]) => count.messages > perRule)
    .map(([rule, count]) => ({
      rule,
      messages: count.messages - perRule,
      files: count.files.size,
    }));
  return { shown, left };
}

/** Problems as JSON for CI: rule ids in `source:rule` form, severities spelt out. */
export function messagesAsJson(files: VFile[]) {
  let errors = 0;
  let warnings = 0;
  const entries = files.map((file) => ({
    path: file.path,
    messages: file.messages.map((m) => {
      if (m.fatal) errors++;
      else warnings++;
      const place =
        m.place && 'start' in m.place
          ? m.place
          : m.place
            ? { start: m.place, end: undefined }
            : undefined;
      return {
        line: place?.start.line ?? null,
        column: place?.start.column ?? null,
        endLine: place?.end?.line ?? null,
        endColumn: place?.end?.column ?? null,
        severity: m.fatal ? 'error' : 'warning',
        ruleId: `${m.source ?? 'handbook'}:${m.ruleId ?? 'unknown'}`,
        reason: m.reason,
      };
    }),
  }));
  return { ok: errors === 0, errors, warnings, files: entries };
}
