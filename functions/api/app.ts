// The web app's HTTP API (the contract in functions/api/CONTRACT.md and the api-contract):
// one Hono app, built from the ports a runtime gives it, served by `carescore serve` locally and by
// a Lambda on AWS. Handlers are thin: they check who is asking and the parameters, then read the
// SQL views through the QueryEngine or call a pipeline step.
import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ApiDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import { type ApiEnv, requireIdentity } from './identity.ts';
import { ReadWriteGate } from './read-write-gate.ts';
import { alertRoutes } from './routes/alerts.ts';
import { clusterRoutes } from './routes/clusters.ts';
import { methodRoutes } from './routes/method.ts';
import { overviewRoutes } from './routes/overview.ts';
import { providerRoutes } from './routes/providers.ts';
import { sessionRoutes } from './routes/session.ts';
import { submissionRoutes } from './routes/submissions.ts';
import { securityHeaders } from './security.ts';

export interface ApiAppOptions {
  /** Runs first on every request (the local server's same-origin guard). */
  guard?: MiddlewareHandler;
}

/** The app; a runtime may add its own routes after /api (the local server's static front end). */
export function createApiApp(given: ApiDeps, options: ApiAppOptions = {}): Hono<ApiEnv> {
  const log = given.log ?? ((message: string) => console.error(message));
  // Every query waits for a write in progress, and a write for the queries in flight.
  const gate = new ReadWriteGate();
  const deps: ApiDeps = {
    ...given,
    queries: {
      query: (sql) => gate.reading(() => given.queries.query(sql)),
      createViews: () => given.queries.createViews(),
      close: () => given.queries.close(),
    },
  };
  // Writes to the lake run one at a time: an upload's ingest and scoring, and alert actions, each
  // read what the one before wrote.
  let queue: Promise<unknown> = Promise.resolve();
  const writing = <T>(write: () => Promise<T>): Promise<T> => {
    const run = queue.then(() =>
      gate.writing(async () => {
        try {
          return await write();
        } finally {
          await deps.afterWrite?.();
        }
      }),
    );
    queue = run.catch(() => undefined);
    return run;
  };

  const api = new Hono<ApiEnv>()
    .use('*', requireIdentity(deps.identify))
    .route('/', sessionRoutes(deps))
    .route('/', overviewRoutes(deps))
    .route('/', providerRoutes(deps))
    .route('/', submissionRoutes(deps, writing))
    .route('/', alertRoutes(deps, writing))
    .route('/', clusterRoutes(deps))
    .route('/', methodRoutes(deps));

  const app = new Hono<ApiEnv>();
  app.use('*', securityHeaders);
  if (options.guard) app.use('*', options.guard);
  app.route('/api', api);
  app.all('/api/*', (c) => c.json({ error: `There is no ${c.req.method} ${c.req.path} in the API.` }, 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json({ error: error.message }, error.status);
    if (error instanceof HTTPException && error.status < 500)
      return c.json({ error: error.message || 'The request was refused.' }, error.status);
    log(`carescore API: ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json(
      {
        error:
          'Something went wrong on the server (the details are in its log); try again, and tell whoever runs carescore if it keeps happening.',
      },
      500,
    );
  });
  return app;
}
