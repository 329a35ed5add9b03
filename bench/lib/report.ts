/** Markdown pieces of the report, and the stamp that says when and where a section was measured. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fixed } from './numbers.js';
import { ROOT } from './processes.js';
import type { Settings } from './settings.js';

export type Align = 'left' | 'right';

/** A Markdown table; `align` per column, left by default. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  const rule = header.map((_, column) => (align[column] === 'right' ? '---:' : '---'));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** `git rev-parse` only reads; the bench never changes the repository. */
function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const machine = (): string => {
  const processors = cpus();
  return `${processors.length} × ${processors[0]?.model.trim() ?? 'unknown CPU'}, ${fixed(totalmem() / 1024 ** 3, 0)} GiB`;
};

/** Taken once at the start, so that every section of a run carries the same stamp. */
export function runStamp(settings: Settings): string {
  const when = new Date().toISOString().replace('T', ' ').slice(0, 16);
  const kind = settings.quick ? '**quick smoke run (about 2 s per load): not figures to keep**' : 'full run';
  return (
    `_Measured ${when} UTC on ${machine()} (load average ${fixed(loadavg()[0] ?? NaN, 2)} at the start), ` +
    `Node ${process.version}, commit ${commit()} plus the working tree as built in dist/; ${kind}._`
  );
}
