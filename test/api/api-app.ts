// The API app over a lake on disk with the real DuckDB engine, as `carescore serve` wires it (the
// engine is opened again after each write, by serve's own ReopeningEngine), for route tests through app.request(…).
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { type ApiAppOptions, createApiApp } from '../../functions/api/app.ts';
import type { ApiDeps } from '../../functions/api/deps.ts';
import { identityFromHeader } from '../../functions/api/identity.ts';
import { ingestAndScore } from '../../functions/api/ingest-and-score.ts';
import { ReopeningEngine } from '../../functions/cli/commands/serve.ts';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import type { QueryEngine } from '../../functions/pipeline/ports.ts';
import { xlsxTemplate } from '../../functions/pipeline/templates.ts';

export interface TestApi {
  app: ReturnType<typeof createApiApp>;
  /** The engine the app reads: the SQL views, to compare the app's answers with. */
  engine: () => QueryEngine;
  store: FsObjectStore;
  logged: string[];
  close: () => Promise<void>;
}

export async function openTestApi(
  lake: string,
  overrides: Partial<ApiDeps> = {},
  options: ApiAppOptions = {},
): Promise<TestApi> {
  const queries = await ReopeningEngine.open(lake);
  const store = new FsObjectStore(lake);
  const method = publishedMethod();
  const now = () => new Date('2025-06-01T00:00:00Z');
  const logged: string[] = [];
  const app = createApiApp(
    {
      store,
      queries,
      method,
      now,
      identify: identityFromHeader,
      ingest: (request) => ingestAndScore({ store, method, now }, request),
      xlsxTemplate,
      afterWrite: () => queries.reopen(),
      log: (line) => logged.push(line),
      ...overrides,
    },
    options,
  );
  return { app, engine: () => queries, store, logged, close: () => queries.close() };
}

export const as = (who: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string> | undefined), 'X-Carescore-As': who },
});

export const commissioner = 'commissioner';
