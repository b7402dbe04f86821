import { spawn } from 'node:child_process';
import path from 'node:path';
import { startDevServer, type BuildStatus } from '../dev/dev-server.ts';
import { isInteractive } from './output.ts';

export interface DevFlags {
  port: number;
  open?: boolean;
  chapters?: string;
}

/** `handbook dev [dir]`: serve, rebuild on save, until Ctrl-C. */
export async function runDev(dir: string, flags: DevFlags): Promise<number> {
  const report = (status: BuildStatus) => {
    const time = new Date().toTimeString().slice(0, 8);
    if (status.ok) {
      const warnings = status.messages.length ? `, ${status.messages.length} warning(s)` : '';
      process.stderr.write(`${time}  built in ${status.ms.toFixed(0)} ms${warnings}\n`);
    } else {
      process.stderr.write(`${time}  does not build:\n`);
    }
    for (const m of status.messages) {
      const where = m.line ? `${m.file}:${m.line}:${m.column}` : m.file;
      process.stderr.write(`  ${where}  ${m.severity}  ${m.reason}  ${m.ruleId}\n`);
    }
  };
  const server = await startDevServer({
    root: path.resolve(dir),
    port: flags.port,
    ...(flags.chapters ? { chaptersDir: path.resolve(flags.chapters) } : {}),
    onBuild: report,
  });
  process.stderr.write(`Serving ${server.url}  (Ctrl-C to stop)\n`);
  if (flags.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  if (isInteractive()) process.stderr.write('\n');
  await server.close();
  return 0;
}

/** The desktop's browser, if there is one; nothing happens where there is none. */
function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
