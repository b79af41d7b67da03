// The views custom resource handler over a real AthenaClient whose HTTP handler replays recorded
// Athena responses (athena-replay.ts): what it sends, in what order, and what it tells CloudFormation.
import { describe, expect, it } from 'vitest';
import { AthenaQueryEngine } from '../../../functions/adapters/athena-query-engine.ts';
import { loadViews } from '../../../functions/lake/views.ts';
import { createViewsHandler } from '../../../functions/views/handler.ts';
import {
  type AthenaOperation,
  fakeClock,
  replayAthena,
  type ScriptedResponse,
} from '../adapters/athena-replay.ts';
import { lambdaContext, logCapture } from './lambda-events.ts';

const views = loadViews().map(({ name, sql }) => ({ name, sql }));
const properties = {
  ServiceToken: 'arn:aws:lambda:eu-west-2:111122223333:function:provider',
  WorkGroup: 'carescore',
  Database: 'carescore',
  Views: views,
};

/** Each statement: started, then found finished on the first status check. */
function succeeding(statements: number): ScriptedResponse[] {
  return Array.from({ length: statements }, () => [
    { operation: 'StartQueryExecution' as AthenaOperation, fixture: 'start-query-execution' },
    { operation: 'GetQueryExecution' as AthenaOperation, fixture: 'get-query-execution-ddl-succeeded' },
  ]).flat();
}

function setUp(script: ScriptedResponse[]) {
  const athena = replayAthena(script);
  const logs = logCapture();
  const handler = createViewsHandler({
    athena: athena.client,
    engine: (client, workGroup, database) =>
      new AthenaQueryEngine({ client, workGroup, database, sleep: async () => {} }),
  });
  const started = () =>
    athena.requests
      .filter((r) => r.operation === 'StartQueryExecution')
      .map(
        (r) =>
          r.body as { QueryString: string; WorkGroup: string; QueryExecutionContext: { Database: string } },
      );
  return { handler, athena, logs, started };
}

describe('views handler (CloudFormation custom resource)', () => {
  it('stops waiting for Athena 20 s before the Lambda would be killed, and names the slow view', async () => {
    // The engine alone would poll for 10 minutes; the function has 60 s left.
    const running = Array.from({ length: 12 }, () => ({
      operation: 'GetQueryExecution' as AthenaOperation,
      fixture: 'get-query-execution-running',
    }));
    const athena = replayAthena([
      { operation: 'StartQueryExecution', fixture: 'start-query-execution' },
      ...running,
      { operation: 'StopQueryExecution', fixture: 'stop-query-execution' },
    ]);
    logCapture();
    const clock = fakeClock();
    const handler = createViewsHandler({
      athena: athena.client,
      now: clock.now,
      engine: (client, workGroup, database, deadline) =>
        new AthenaQueryEngine({
          client,
          workGroup,
          database,
          sleep: clock.sleep,
          now: clock.now,
          ...(deadline === undefined ? {} : { deadline }),
        }),
    });
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => 60_000 };
    await expect(
      handler({ RequestType: 'Create', RequestId: 'r1', ResourceProperties: properties }, context),
    ).rejects.toThrow(`${views[0]!.name} failed: Athena query`);
    expect(clock.now()).toBe(40_000);
    expect(athena.requests.at(-1)?.operation).toBe('StopQueryExecution');
    expect(athena.remaining()).toBe(0);
  });

  it('Create runs each view file unchanged, in order, in the given workgroup and database', async () => {
    const t = setUp(succeeding(views.length));
    const response = await t.handler(
      { RequestType: 'Create', RequestId: 'r1', ResourceProperties: properties },
      lambdaContext(),
    );
    expect(response).toEqual({
      PhysicalResourceId: 'carescore-views-carescore',
      Data: { Views: views.map((v) => v.name).join(',') },
    });
    expect(t.started().map((b) => b.QueryString)).toEqual(views.map((v) => v.sql));
    expect(
      t
        .started()
        .every((b) => b.WorkGroup === 'carescore' && b.QueryExecutionContext.Database === 'carescore'),
    ).toBe(true);
    expect(t.athena.remaining()).toBe(0);
  });

  it('accepts the view list as JSON text, as CloudFormation may pass it', async () => {
    const t = setUp(succeeding(2));
    const two = views.slice(0, 2);
    await t.handler({
      RequestType: 'Create',
      ResourceProperties: { ...properties, Views: JSON.stringify(two) },
    });
    expect(t.started().map((b) => b.QueryString)).toEqual(two.map((v) => v.sql));
  });

  it('Delete drops every view, newest first, and keeps the physical id', async () => {
    const t = setUp(succeeding(views.length));
    const response = await t.handler({
      RequestType: 'Delete',
      PhysicalResourceId: 'carescore-views-carescore',
      ResourceProperties: properties,
    });
    expect(response).toEqual({ PhysicalResourceId: 'carescore-views-carescore' });
    expect(t.started().map((b) => b.QueryString)).toEqual(
      [...views].reverse().map((v) => `DROP VIEW IF EXISTS ${v.name}`),
    );
  });

  it('Update re-creates the views and drops the ones it no longer lists', async () => {
    const [first, second, third] = views as [(typeof views)[0], (typeof views)[0], (typeof views)[0]];
    const t = setUp(succeeding(3));
    const response = await t.handler({
      RequestType: 'Update',
      PhysicalResourceId: 'carescore-views-carescore',
      ResourceProperties: { ...properties, Views: [first, second] },
      OldResourceProperties: { ...properties, Views: [first, second, third] },
    });
    expect(response.PhysicalResourceId).toBe('carescore-views-carescore');
    expect(t.started().map((b) => b.QueryString)).toEqual([
      first.sql,
      second.sql,
      `DROP VIEW IF EXISTS ${third.name}`,
    ]);
  });

  it('reports a failing view to CloudFormation by throwing, naming the view', async () => {
    const t = setUp([
      ...succeeding(1),
      { operation: 'StartQueryExecution', fixture: 'start-query-execution' },
      { operation: 'GetQueryExecution', fixture: 'get-query-execution-failed' },
    ]);
    await expect(t.handler({ RequestType: 'Create', ResourceProperties: properties })).rejects.toThrow(
      `${views[1]!.name} failed: Athena query 5b9c6a3e-2f41-4d7e-9c1a-7e0f3d2b8a61 FAILED: COLUMN_NOT_FOUND`,
    );
    expect(t.started()).toHaveLength(2);
    expect(t.logs.entries().at(-1)).toMatchObject({ level: 'ERROR', message: 'invocation failed' });
  });

  it('refuses properties it cannot use on Create, but lets a Delete of them succeed so rollback can finish', async () => {
    const bad = { ...properties, Views: [{ name: 'v_x; DROP TABLE y', sql: 'SELECT 1' }] };
    const t = setUp([]);
    await expect(t.handler({ RequestType: 'Create', ResourceProperties: bad })).rejects.toThrow(
      /a view name is a lower-case SQL identifier/,
    );
    expect(
      await t.handler({
        RequestType: 'Delete',
        PhysicalResourceId: 'request-id-of-failed-create',
        ResourceProperties: bad,
      }),
    ).toEqual({ PhysicalResourceId: 'request-id-of-failed-create' });
    expect(t.athena.requests).toEqual([]);
  });
});
