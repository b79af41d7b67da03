// A results table gains a column (alerts.acknowledged_at, …): files stored before it lack it, and
// must read as null there rather than fail every query of the table and its views.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../functions/adapters/duckdb-query-engine.ts';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { keys } from '../../functions/lake/keys.ts';
import { encodeParquet } from '../../functions/lake/parquet.ts';
import { resultsTables } from '../../functions/lake/results-tables.ts';

describe('DuckDbQueryEngine over files older than their table', () => {
  it('reads a column the older files lack as null', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'carescore-added-columns-'));
    try {
      const { acknowledged_at: _a, acknowledged_by: _b, ...before } = resultsTables.alerts;
      const row = {
        alert_key: 'RISK_CRITICAL|P1|2025-01',
        alert_type: 'RISK_CRITICAL',
        severity: 'high',
        provider_id: 'P1',
        message: 'P1 is Critical',
        first_raised_at: new Date('2025-02-01T09:00:00Z'),
        notified_at: null,
        status: 'pending',
        withdrawn_at: null,
        withdrawn_reason: null,
      };
      await new FsObjectStore(lake).put(
        keys.resultsPartition('alerts', '2025-01'),
        encodeParquet([row], before),
      );
      const engine = await DuckDbQueryEngine.open(lake);
      try {
        await engine.createViews();
        const rows = await engine.query(
          'SELECT alert_key, status, acknowledged_at, acknowledged_by FROM v_alerts',
        );
        expect(rows).toEqual([
          {
            alert_key: 'RISK_CRITICAL|P1|2025-01',
            status: 'pending',
            acknowledged_at: null,
            acknowledged_by: null,
          },
        ]);
      } finally {
        await engine.close();
      }
    } finally {
      await rm(lake, { recursive: true, force: true });
    }
  });
});
