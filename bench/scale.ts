// npm run bench scale: a county of 80 and of 400 providers × 12 months (and 1,600 with
// `npm run bench scale -- --large`), generated and run through the real CLI phase by phase, each
// beside DuckDB reading the same data in the same run, with each process's peak memory and the
// lake's file count.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { table } from './measure.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'carescore.mjs');
const view = 'v_scorecard_latest';

interface Timed {
  seconds: number;
  peakMb: number;
  stdout: string;
}

/** Runs a process to its end; its wall time and peak resident memory (GNU time's maxrss). */
function timed(args: string[]): Timed {
  const out = join(tmpdir(), `carescore-bench-time-${process.pid}`);
  const start = performance.now();
  // Without GNU time (package `time`) the process runs alone and its peak memory is not known.
  const gnuTime = existsSync('/usr/bin/time');
  const [command, ...rest] = gnuTime ? ['/usr/bin/time', '-f', '%M', '-o', out, ...args] : args;
  const child = spawnSync(command!, rest, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  // Exit 1 is an outcome of ingest (a skipped row), not a failed run; anything else is.
  if (child.error) throw child.error;
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(
      `${args.slice(1, 3).join(' ')} failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  const kb = gnuTime ? Number(readFileSync(out, 'utf8').trim().split('\n').pop()) : Number.NaN;
  rmSync(out, { force: true });
  return { seconds, peakMb: kb / 1024, stdout: child.stdout };
}

const carescore = (...args: string[]) => timed([process.execPath, bin, ...args]);

/**
 * A Node process that loads DuckDB and runs `sql` in memory (the baseline's whole process); with
 * `after`, that statement runs next on the same connection and its first row is printed as JSON.
 */
const duckdb = (sql: string, after?: string) => {
  // A file, not an argument: a list of a thousand paths is over the kernel's argument limit.
  const sqlFile = join(tmpdir(), `carescore-bench-sql-${process.pid}.sql`);
  writeFileSync(sqlFile, JSON.stringify({ sql, after: after ?? null }));
  try {
    return timed([
      process.execPath,
      '--input-type=module',
      '-e',
      [
        "import { readFileSync } from 'node:fs';",
        "import { DuckDBInstance } from '@duckdb/node-api';",
        "const { sql, after } = JSON.parse(readFileSync(process.argv[1], 'utf8'));",
        "const c = await (await DuckDBInstance.create(':memory:')).connect();",
        'const r = await c.runAndReadAll(sql);',
        'const n = r.getRowsJS().length;',
        'const a = after === null ? null : (await c.runAndReadAll(after)).getRowObjectsJS()[0];',
        'console.log(JSON.stringify(a === null ? n : a, (_, v) => (typeof v === "bigint" ? Number(v) : v)));',
      ].join(' '),
      sqlFile,
    ]);
  } finally {
    rmSync(sqlFile, { force: true });
  }
};

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * DuckDB reading every CSV and JSON file of the manifest, each type as one table, as far as DuckDB
 * can: a row it cannot read is skipped (`ignore_errors`), not the end of the baseline; the sample
 * county's legacy Windows-1252 export, which is not UTF-8, stopped it before. `after` gives the CSV
 * rows it read, and `csvLines` the CSV files' data lines (not blank, after the header), which
 * match when no row was skipped (the generated files have no line breaks inside a field).
 */
function readSameFiles(dir: string): { sql: string; after: string; csvLines: number } {
  const rows = readFileSync(join(dir, 'manifest.csv'), 'utf8').trim().split('\n').slice(1);
  const byType = new Map<string, string[]>();
  for (const row of rows) {
    const [file, type] = row.split(',');
    byType.set(type!, [...(byType.get(type!) ?? []), join(dir, file!)]);
  }
  let csvLines = 0;
  const parts = [...byType.values()].map((files) => {
    const list = `[${files.map(quote).join(', ')}]`;
    if (files[0]!.endsWith('.json'))
      return `SELECT 'json' AS kind, count(*) AS n FROM read_json_auto(${list})`;
    for (const file of files) csvLines += dataLines(readFileSync(file, 'latin1'));
    return `SELECT 'csv' AS kind, count(*) AS n FROM read_csv(${list}, union_by_name = true, all_varchar = true, header = true, ignore_errors = true)`;
  });
  return {
    sql: `CREATE TEMP TABLE counts AS ${parts.join(' UNION ALL ')}`,
    after: "SELECT sum(n) FILTER (kind = 'csv') AS rows FROM counts",
    csvLines,
  };
}

/** The baseline's process, timed, with the CSV rows it read and the CSV files' data lines. */
export function duckdbReadingSameFiles(dir: string): { csv: Timed; read: number; csvLines: number } {
  const { sql, after, csvLines } = readSameFiles(dir);
  const csv = duckdb(sql, after);
  const { rows } = JSON.parse(csv.stdout) as { rows: number };
  return { csv, read: rows, csvLines };
}

/** Lines after the first that hold anything. */
function dataLines(text: string): number {
  return text.split(/\r?\n/).filter((line, i) => i > 0 && line.trim() !== '').length;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) n++;
  return n;
}

const s = (t: Timed) => `${t.seconds.toFixed(1)} s, ${t.peakMb.toFixed(0)} MB`;

export async function benchScale(): Promise<string> {
  run([process.execPath, '--import', 'tsx', join(root, 'scripts', 'build.ts')]);
  const sizes = process.argv.includes('--large') ? [80, 400, 1600] : [80, 400];
  const rows: string[][] = [];
  for (const providers of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `carescore-bench-scale-${providers}-`));
    try {
      const samples = join(dir, 'samples');
      const lake = join(dir, 'lake');
      run([
        process.execPath,
        bin,
        'generate',
        '--out',
        samples,
        '--providers',
        String(providers),
        '--months',
        '12',
      ]);
      const ingest = carescore('ingest', '--manifest', join(samples, 'manifest.csv'), '--lake', lake);
      const { csv, read, csvLines } = duckdbReadingSameFiles(samples);
      const files = countFiles(lake);
      const curated = countFiles(join(lake, 'curated'));
      const score = carescore('score', '--lake', lake);
      // One month, as the score Lambda does after a return: its returns and their look-back only.
      const latest = /to (\d{4}-\d{2})\)/.exec(score.stdout)?.[1];
      if (!latest) throw new Error(`score did not say which months it scored: ${score.stdout.trim()}`);
      const scoreMonth = carescore('score', '--lake', lake, '--period', latest);
      const alerts = carescore('alerts', '--lake', lake);
      const query = carescore('query', `SELECT * FROM ${view}`, '--lake', lake);
      const base = join(lake, 'results', 'scorecards').replace(/\\/g, '/');
      const direct = duckdb(`SELECT * FROM read_parquet(${quote(`${base}/period=*/*.parquet`)})`);
      const report = carescore('report', '--lake', lake, '--out', join(dir, 'report.html'));
      rows.push([
        String(providers),
        `${files} (curated ${curated})`,
        s(ingest),
        `${s(csv)}, ${read === csvLines ? `all ${read}` : `${read} of ${csvLines}`} CSV rows`,
        s(score),
        s(scoreMonth),
        s(alerts),
        s(query),
        s(direct),
        s(report),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return [
    `Scale: generated counties × 12 months through the real CLI, one run each, wall time and peak memory of each process (Node ${process.versions.node})`,
    table(
      [
        'providers',
        'files in the lake',
        'ingest --manifest (+ compact)',
        'DuckDB reading the same files',
        'score',
        'score --period (latest month)',
        'alerts',
        `query ${view}`,
        'DuckDB reading results/scorecards',
        'report',
      ],
      rows,
    ),
  ].join('\n');
}

function run([command, ...args]: string[]): void {
  const child = spawnSync(command!, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${args.slice(0, 2).join(' ')} failed: ${child.stderr.trim()}`);
}
