// The web app's API on the demo lake (80 providers × 12 months): each overview and provider call
// timed in process through the app (identity, checks, queries, JSON), beside a baseline of the
// same view SQL the call ran, sent straight to the same DuckDB engine, in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DuckDbQueryEngine } from '../functions/adapters/duckdb-query-engine.ts';
import { FsObjectStore } from '../functions/adapters/fs-object-store.ts';
import { createApiApp } from '../functions/api/app.ts';
import { publishedMethod } from '../functions/domain/method/published.ts';
import type { QueryEngine } from '../functions/pipeline/ports.ts';
import { median, table } from './measure.ts';

const runs = 7;
const root = fileURLToPath(new URL('..', import.meta.url));

export async function benchApi(): Promise<string> {
  const lake = mkdtempSync(join(tmpdir(), 'carescore-bench-api-'));
  try {
    for (const args of [['scripts/build.ts'], ['bin/carescore.mjs', 'demo', '--lake', lake]]) {
      const command = args[0]!.endsWith('.ts')
        ? [process.execPath, '--import', 'tsx', ...args]
        : [process.execPath, ...args];
      const child = spawnSync(command[0]!, command.slice(1), { cwd: root, encoding: 'utf8' });
      if (child.status !== 0)
        throw new Error(`${args.join(' ')} failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    const engine = await DuckDbQueryEngine.open(lake);
    await engine.createViews();
    // Every statement a call sends, to replay as the baseline.
    let recorded: string[] = [];
    const queries: QueryEngine = {
      query: (sql) => {
        recorded.push(sql);
        return engine.query(sql);
      },
      createViews: () => engine.createViews(),
      close: () => engine.close(),
    };
    const store = new FsObjectStore(lake);
    const app = createApiApp({
      store,
      queries,
      method: publishedMethod(),
      now: () => new Date(),
      identify: () => ({ role: 'commissioner' }),
      ingest: () => Promise.reject(new Error('not in this bench')),
    });
    const latest = String(
      (await engine.query('SELECT period FROM v_month_completeness WHERE latest_complete'))[0]?.period,
    );
    const calls = [
      '/api/session',
      '/api/overview',
      '/api/providers',
      '/api/providers/P001',
      `/api/providers/P001/months/${latest}`,
      '/api/providers/P001/submissions',
      '/api/providers/P001/due',
      '/api/clusters',
      '/api/alerts',
      '/api/trends',
    ];
    const rows = [];
    for (const path of calls) {
      const ours: number[] = [];
      const base: number[] = [];
      let bytes = 0;
      let statements: string[] = [];
      for (let k = 0; k <= runs; k++) {
        recorded = [];
        const start = performance.now();
        const response = await app.request(path);
        const body = await response.text();
        const ms = performance.now() - start;
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body}`);
        statements = recorded;
        bytes = body.length;
        const baseStart = performance.now();
        for (const sql of statements) await engine.query(sql);
        const baseMs = performance.now() - baseStart;
        // The first run of each side warms DuckDB's caches: not counted.
        if (k > 0) {
          ours.push(ms);
          base.push(baseMs);
        }
      }
      rows.push([
        `GET ${path}`,
        spread(ours),
        `${statements.length} quer${statements.length === 1 ? 'y' : 'ies'}`,
        spread(base),
        (median(ours) / median(base)).toFixed(2),
        `${Math.round(bytes / 1024)} KB`,
      ]);
    }
    await engine.close();
    return [
      `API: each call in process on the demo lake (80 providers × 12 months), ms, median (min–max) of ${runs} after one warm-up; baseline: the call's own view SQL sent straight to the same DuckDB engine (Node ${process.versions.node})`,
      table(['call', 'API ms', 'baseline', 'baseline ms', '× median', 'JSON'], rows),
      'Target: under 200 ms per call.',
    ].join('\n');
  } finally {
    rmSync(lake, { recursive: true, force: true });
  }
}

function spread(ms: number[]): string {
  return `${median(ms).toFixed(0)} (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})`;
}
