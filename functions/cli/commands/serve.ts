// carescore serve [--lake DIR] [--port 8080] [--host 127.0.0.1] [--compare-method FILE]: the web app
// over the local lake (with FILE, the method page compares the published method with it).
// The API (functions/api) is wired to the filesystem lake and DuckDB; the built front end is
// served from web/dist. No sign-in locally: the page says who it is viewing as (X-Carescore-As),
// and only requests addressed to this server from its own page are answered.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { DuckDbQueryEngine } from '../../adapters/duckdb-query-engine.ts';
import { createApiApp } from '../../api/app.ts';
import { identityFromHeader } from '../../api/identity.ts';
import { ingestAndScore } from '../../api/ingest-and-score.ts';
import { sameOriginOnly } from '../../api/security.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { packageRoot } from '../../lake/package-root.ts';
import type { QueryEngine, QueryRow } from '../../pipeline/ports.ts';
import { type Invocation, type Output, openLake, UsageError, UserFacingError } from '../args.ts';
import { readMethod } from './compare.ts';

/**
 * DuckDB over the lake, opened again after each write: a table with no files when the engine was
 * opened is an empty table until then. A query keeps the engine it started on, which is closed
 * once its last query is done.
 */
export class ReopeningEngine implements QueryEngine {
  private readonly active = new Map<DuckDbQueryEngine, number>();
  private constructor(
    private readonly lake: string,
    private engine: DuckDbQueryEngine,
  ) {}

  static async open(lake: string): Promise<ReopeningEngine> {
    const engine = await DuckDbQueryEngine.open(lake);
    await engine.createViews();
    return new ReopeningEngine(lake, engine);
  }

  async query(sql: string): Promise<QueryRow[]> {
    const engine = this.engine;
    this.active.set(engine, (this.active.get(engine) ?? 0) + 1);
    try {
      return await engine.query(sql);
    } finally {
      this.active.set(engine, this.active.get(engine)! - 1);
    }
  }

  async createViews(): Promise<void> {
    await this.engine.createViews();
  }

  async reopen(): Promise<void> {
    const next = await DuckDbQueryEngine.open(this.lake);
    await next.createViews();
    const old = this.engine;
    this.engine = next;
    while ((this.active.get(old) ?? 0) > 0) await new Promise((r) => setTimeout(r, 10));
    this.active.delete(old);
    await old.close();
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}

export async function serveCommand(
  { values }: Invocation<{ lake: string; port: string; host: string; 'compare-method'?: string }>,
  io: Output,
): Promise<number> {
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    throw new UsageError('--port must be a port number from 0 to 65535 (0 picks a free one).');
  const host = values.host === 'localhost' ? '127.0.0.1' : values.host;
  // No sign-in locally: whoever reaches the port sees every provider, so only this machine may.
  if (!/^127(\.\d{1,3}){3}$/.test(host) && host !== '::1')
    throw new UsageError(
      `--host ${values.host} would open the lake to other machines, and serve has no sign-in: use a loopback address (127.0.0.1, the default, or ::1).`,
    );
  const lake = resolve(values.lake);
  const store = openLake(lake);
  const method = publishedMethod();
  const compareMethod = values['compare-method']
    ? await readMethod(values['compare-method'], 'serve')
    : undefined;
  const now = () => new Date();
  const queries = await ReopeningEngine.open(lake);
  const hosts: string[] = [];
  const app = createApiApp(
    {
      store,
      queries,
      method,
      ...(compareMethod ? { compareMethod } : {}),
      now,
      identify: identityFromHeader,
      ingest: (request) => ingestAndScore({ store, method, now }, request),
      // Loaded on first use: the workbook library is large.
      xlsxTemplate: async (type) => (await import('../../pipeline/templates.ts')).xlsxTemplate(type),
      afterWrite: () => queries.reopen(),
      local: true,
      log: (message) => io.err(message),
    },
    { guard: sameOriginOnly(() => hosts) },
  );
  const web = join(packageRoot(), 'web', 'dist');
  if (!serveFrontEnd(app, web)) {
    io.err(
      `The web app's front end is not built (no ${join(web, 'index.html')}): run npm run build in the carescore folder; the API is served meanwhile.`,
    );
  }

  const server = await listen(app.fetch, host, port).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE')
      throw new UserFacingError(
        `Port ${port} on ${host} is in use: stop what is using it, or pick another with --port N (0 picks a free one).`,
      );
    if (error.code === 'EADDRNOTAVAIL')
      throw new UserFacingError(`${host} is not an address of this machine: use --host 127.0.0.1.`);
    throw error;
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const named = host.includes(':') ? `[${host}]:${actualPort}` : `${host}:${actualPort}`;
  hosts.push(named);
  if (host === '127.0.0.1' || host === '::1') hosts.push(`localhost:${actualPort}`);
  io.out(`carescore is serving ${lake} at http://${named}/ (Ctrl+C to stop)`);

  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => done());
      // Open keep-alive connections would hold close() back.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await queries.close();
  return 0;
}

/**
 * Serves the built front end in `web` after the API's routes: its files, and index.html for any
 * other path (the page's own routes, /providers/P001, …). False when there is no build.
 */
export function serveFrontEnd(app: ReturnType<typeof createApiApp>, web: string): boolean {
  if (!existsSync(join(web, 'index.html'))) return false;
  app.use('/*', serveStatic({ root: web }));
  app.get('*', serveStatic({ root: web, path: 'index.html' }));
  return true;
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<ServerType> {
  return new Promise((resolveServer, reject) => {
    const server = serve({ fetch, hostname, port }, () => {
      server.off('error', reject);
      resolveServer(server);
    });
    server.once('error', reject);
  });
}
