// Runs one benchmark case in a fresh child process so wall time and peak RSS belong to it alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CaseResult {
  name: string;
  seconds: number;
  peakRssMb: number;
  detail: Record<string, number | string>;
}

const caseRunner = fileURLToPath(new URL('./case.ts', import.meta.url));

/**
 * Runs `bench/case.ts <kind> <args…>` under tsx; the child prints one JSON line of its result.
 * `--expose-gc` lets a case settle the heap before its timed span (see case.ts).
 */
export function runCase(kind: string, args: string[]): CaseResult {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', caseRunner, kind, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0)
    throw new Error(`bench case ${kind} failed: ${child.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as CaseResult;
}

/** Alternated runs per side: the machine may be shared, and one run can be slowed by others. */
export const RUNS = 5;

/** The run that took least time: the one least disturbed by anything else on the machine. */
export function best(runs: CaseResult[]): CaseResult {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** The runs' median time. */
export function medianSeconds(runs: CaseResult[]): number {
  const sorted = runs.map((r) => r.seconds).sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** The middle value (the mean of the two middle ones when there is an even number). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The highest peak memory of any run. */
export function peakRss(runs: CaseResult[]): number {
  return Math.max(...runs.map((r) => r.peakRssMb));
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => String(c).padEnd(widths[i]!)).join('  ')).join('\n');
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-GB');
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}
