import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AthenaQueryEngine,
  AthenaQueryFailedError,
  AthenaQueryTimeoutError,
  AthenaStatementError,
  runStatements,
} from '../../../functions/adapters/athena-query-engine.ts';
import { viewFile, viewNames } from '../../../functions/lake/views.ts';
import { QueryError } from '../../../functions/pipeline/ports.ts';
import { fakeClock, replayAthena, type ScriptedResponse } from './athena-replay.ts';

const queryId = '5b9c6a3e-2f41-4d7e-9c1a-7e0f3d2b8a61';
const sql = 'SELECT provider_id, overall_score FROM v_scorecard_latest';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const start: ScriptedResponse = { operation: 'StartQueryExecution', fixture: 'start-query-execution' };
const state = (s: string): ScriptedResponse => ({
  operation: 'GetQueryExecution',
  fixture: `get-query-execution-${s}`,
});
const results = (page: string): ScriptedResponse => ({
  operation: 'GetQueryResults',
  fixture: `get-query-results-${page}`,
});

function engineFor(
  script: ScriptedResponse[],
  poll?: ConstructorParameters<typeof AthenaQueryEngine>[0]['poll'],
) {
  const replay = replayAthena(script);
  const clock = fakeClock();
  const engine = new AthenaQueryEngine({
    client: replay.client,
    workGroup: 'carescore',
    database: 'carescore',
    catalog: 'AwsDataCatalog',
    poll,
    sleep: clock.sleep,
    now: clock.now,
  });
  return { engine, ...replay, clock };
}

describe('AthenaQueryEngine', () => {
  it('starts the query in the work group and database, polls until it succeeds, and reads every page', async () => {
    const { engine, requests, clock, remaining } = engineFor([
      start,
      state('queued'),
      state('running'),
      state('running'),
      state('succeeded'),
      results('page1'),
      results('page2'),
      results('page3'),
    ]);
    const rows = await engine.query(sql);

    expect(requests[0]).toEqual({
      operation: 'StartQueryExecution',
      body: {
        QueryString: sql,
        // The SDK fills the idempotency token, so its own retries never start a second query.
        ClientRequestToken: expect.stringMatching(uuid),
        WorkGroup: 'carescore',
        QueryExecutionContext: { Database: 'carescore', Catalog: 'AwsDataCatalog' },
      },
    });
    expect(requests.slice(1, 5)).toEqual(
      Array(4).fill({ operation: 'GetQueryExecution', body: { QueryExecutionId: queryId } }),
    );
    expect(requests.slice(5).map((r) => r.body)).toEqual([
      { QueryExecutionId: queryId },
      { QueryExecutionId: queryId, NextToken: 'AW6Ue8Ix0r1AtZ8Yq9Y4m0zF3kqOQ2f1nQ1U0Xw7h4+page2' },
      { QueryExecutionId: queryId, NextToken: 'AW6Ue8Ix0r1AtZ8Yq9Y4m0zF3kqOQ2f1nQ1U0Xw7h4+page3' },
    ]);
    expect(remaining()).toBe(0);
    expect(clock.waits).toEqual([200, 400, 800, 1600]);

    // Only the first page's header row is dropped; the rest keep their order across pages.
    expect(rows).toEqual([
      { provider_id: 'P001', period: '2024-04', overall_score: 82.5, rank: 1 },
      { provider_id: 'P002', period: '2024-04', overall_score: 77.25, rank: 2 },
      { provider_id: 'P003', period: '2024-04', overall_score: 61, rank: 3 },
      { provider_id: 'P004', period: '2024-04', overall_score: null, rank: null },
      { provider_id: 'P005', period: '2024-04', overall_score: 40.75, rank: 5 },
    ]);
  });

  it('leaves the catalog to Athena when none is given', async () => {
    const replay = replayAthena([start, state('succeeded'), results('page3')]);
    const engine = new AthenaQueryEngine({
      client: replay.client,
      workGroup: 'wg',
      database: 'db',
      sleep: fakeClock().sleep,
    });
    await engine.query('SELECT 1');
    expect(replay.requests[0]?.body).toEqual({
      QueryString: 'SELECT 1',
      ClientRequestToken: expect.stringMatching(uuid),
      WorkGroup: 'wg',
      QueryExecutionContext: { Database: 'db' },
    });
  });

  it('caps the backoff at maxDelayMs', async () => {
    const running = Array.from({ length: 6 }, () => state('running'));
    const { engine, clock } = engineFor([start, ...running, state('succeeded'), results('page3')], {
      initialDelayMs: 100,
      maxDelayMs: 1000,
    });
    await engine.query(sql);
    expect(clock.waits).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it("converts each value by its column's Athena type, as the DuckDB engine returns it", async () => {
    const { engine } = engineFor([start, state('succeeded'), results('types')]);
    const [values, nulls] = await engine.query(sql);
    expect(values).toEqual({
      i_tiny: -7,
      i_small: 300,
      i_int: 123456,
      i_big: 9007199254740991,
      i_huge: '9007199254740993',
      f_double: 0.1,
      f_real: 1.5,
      f_decimal: 12.5,
      f_nan: Number.NaN,
      b_true: true,
      b_false: false,
      d: '2024-04-30',
      ts: new Date('2024-05-03T09:15:30.123Z'),
      ts_utc: new Date('2024-05-03T09:15:30.123Z'),
      s: 'Care at Home Ltd',
      s_empty: '',
      tags: '[a, b]',
    });
    expect(Object.values(nulls!).every((v) => v === null)).toBe(true);
    expect(Object.keys(nulls!)).toHaveLength(17);
  });

  it('runs a read again when a score run or table rebuild replaced a file under it', async () => {
    const { engine, requests, remaining } = engineFor([
      start,
      state('failed-file-changed'),
      start,
      state('succeeded'),
      results('types'),
    ]);
    expect(await engine.query(sql)).toHaveLength(2);
    expect(requests.filter((r) => r.operation === 'StartQueryExecution')).toHaveLength(2);
    expect(remaining()).toBe(0);
  });

  it('gives up after two more tries, naming the file error', async () => {
    const fileChanged = [start, state('failed-file-changed')];
    const { engine, remaining } = engineFor([...fileChanged, ...fileChanged, ...fileChanged]);
    const failure = engine.query(sql);
    await expect(failure).rejects.toBeInstanceOf(AthenaQueryFailedError);
    await expect(failure).rejects.toThrow(/HIVE_CANNOT_OPEN_SPLIT/);
    expect(remaining()).toBe(0);
  });

  it('reports a failed query with its id and the reason Athena gave', async () => {
    const { engine } = engineFor([start, state('queued'), state('failed')]);
    const failure = engine.query(sql);
    await expect(failure).rejects.toBeInstanceOf(AthenaQueryFailedError);
    await expect(failure).rejects.toBeInstanceOf(QueryError);
    await expect(failure).rejects.toThrow(
      `Athena query ${queryId} FAILED: COLUMN_NOT_FOUND: line 1:18: Column 'overall_score' cannot be resolved`,
    );
    await expect(failure).rejects.toMatchObject({ queryExecutionId: queryId, state: 'FAILED', sql });
  });

  it('reports a cancelled query with its id', async () => {
    const { engine } = engineFor([start, state('running'), state('cancelled')]);
    await expect(engine.query(sql)).rejects.toThrow(
      `Athena query ${queryId} CANCELLED: Query cancelled by user`,
    );
  });

  it('stops a query that outlives the timeout and names it', async () => {
    const running = Array.from({ length: 3 }, () => state('running'));
    const { engine, requests, clock } = engineFor(
      [start, ...running, { operation: 'StopQueryExecution', fixture: 'stop-query-execution' }],
      { initialDelayMs: 200, maxDelayMs: 5000, timeoutMs: 1000 },
    );
    const failure = engine.query(sql);
    await expect(failure).rejects.toBeInstanceOf(AthenaQueryTimeoutError);
    await expect(failure).rejects.toThrow(
      `Athena query ${queryId} did not finish within 1000 ms; it has been stopped`,
    );
    // The last wait is cut to land on the deadline.
    expect(clock.waits).toEqual([200, 400, 400]);
    expect(requests.at(-1)).toEqual({ operation: 'StopQueryExecution', body: { QueryExecutionId: queryId } });
  });

  it('says so when stopping a timed-out query fails too', async () => {
    const running = Array.from({ length: 2 }, () => state('running'));
    const { engine } = engineFor(
      [
        start,
        ...running,
        { operation: 'StopQueryExecution', fixture: 'too-many-requests-exception', status: 400 },
      ],
      { initialDelayMs: 500, maxDelayMs: 5000, timeoutMs: 1000 },
    );
    await expect(engine.query(sql)).rejects.toThrow(
      `Athena query ${queryId} did not finish within 1000 ms; stopping it failed too: TooManyRequestsException: Rate exceeded`,
    );
  });

  it("lets an error from Athena's API through with its own name and message", async () => {
    const { engine } = engineFor([
      { operation: 'StartQueryExecution', fixture: 'invalid-request-exception', status: 400 },
    ]);
    await expect(engine.query(sql)).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'WorkGroup carescore is not found.',
    });
  });

  it('keeps the first row of a SHOW statement, whose results have no row of column names', async () => {
    const { engine, remaining } = engineFor([start, state('utility-succeeded'), results('show-tables')]);
    expect(await engine.query('SHOW TABLES')).toEqual([
      { tab_name: 'curated_monthly_return' },
      { tab_name: 'results_scorecards' },
    ]);
    expect(remaining()).toBe(0);
  });

  it('creates the views by sending each file of queries/views unchanged, in dependency order', async () => {
    const ddl = [start, state('ddl-succeeded')];
    const { engine, requests, remaining } = engineFor(viewNames.flatMap(() => ddl));
    await engine.createViews();
    expect(remaining()).toBe(0);
    const sent = requests.filter((r) => r.operation === 'StartQueryExecution').map((r) => r.body.QueryString);
    expect(sent).toEqual(viewNames.map((name) => readFileSync(viewFile(name), 'utf8')));
    expect(requests.some((r) => r.operation === 'GetQueryResults')).toBe(false);
  });

  it('runStatements names the statement that failed and stops there', async () => {
    const { engine, requests } = engineFor([start, state('ddl-succeeded'), start, state('failed')]);
    const statements = [
      { name: 'v_one', sql: 'CREATE OR REPLACE VIEW v_one AS SELECT 1 AS x' },
      { name: 'v_two', sql: 'CREATE OR REPLACE VIEW v_two AS SELECT overall_score FROM v_one' },
      { name: 'v_three', sql: 'CREATE OR REPLACE VIEW v_three AS SELECT 3 AS x' },
    ];
    const failure = runStatements(engine, statements);
    await expect(failure).rejects.toBeInstanceOf(AthenaStatementError);
    await expect(failure).rejects.toThrow(`v_two failed: Athena query ${queryId} FAILED: COLUMN_NOT_FOUND`);
    await expect(failure).rejects.toMatchObject({ statementName: 'v_two', sql: statements[1]!.sql });
    expect(requests.filter((r) => r.operation === 'StartQueryExecution')).toHaveLength(2);
  });
});
