// A real AthenaClient whose HTTP handler answers from recorded response bodies
// (test/aws/fixtures/athena), so the SDK's own request serialisation and response parsing run.
import { readFileSync } from 'node:fs';
import { AthenaClient } from '@aws-sdk/client-athena';
import { HttpResponse } from '@smithy/core/transport';
import type { HttpRequest } from '@smithy/types';

export type AthenaOperation =
  | 'StartQueryExecution'
  | 'GetQueryExecution'
  | 'GetQueryResults'
  | 'StopQueryExecution';

export interface ScriptedResponse {
  readonly operation: AthenaOperation;
  /** A file name in test/aws/fixtures/athena, without '.json'. */
  readonly fixture: string;
  /** @default 200 */
  readonly status?: number;
}

export interface RecordedRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

const fixturesDir = new URL('../fixtures/athena/', import.meta.url);

function athenaFixture(name: string): string {
  return readFileSync(new URL(`${name}.json`, fixturesDir), 'utf8');
}

/** A client that answers each request with the next scripted response, checking it is the expected call. */
export function replayAthena(script: readonly ScriptedResponse[]): {
  client: AthenaClient;
  requests: RecordedRequest[];
  remaining: () => number;
} {
  const queue = [...script];
  const requests: RecordedRequest[] = [];
  const client = new AthenaClient({
    region: 'eu-west-2',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: HttpRequest) {
        const operation = String(request.headers['x-amz-target']).replace(/^AmazonAthena\./, '');
        // The SDK sends JSON bodies as UTF-8 bytes.
        const body =
          request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : request.body;
        requests.push({ operation, body: JSON.parse(body) });
        const next = queue.shift();
        if (!next) throw new Error(`Unscripted Athena call ${operation}`);
        if (next.operation !== operation) throw new Error(`Expected ${next.operation}, got ${operation}`);
        const response = new HttpResponse({
          statusCode: next.status ?? 200,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: Buffer.from(athenaFixture(next.fixture)),
        });
        return { response };
      },
    },
  });
  return { client, requests, remaining: () => queue.length };
}

/** A clock that only moves when sleep is called, recording each wait. */
export function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; waits: number[] } {
  let time = 0;
  const waits: number[] = [];
  return {
    now: () => time,
    sleep: async (ms) => {
      waits.push(ms);
      time += ms;
    },
    waits,
  };
}
