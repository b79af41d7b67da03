// GET /api/session: who is asking, the providers it may switch between, the months and the method.
import { Hono } from 'hono';
import type { ApiDeps } from '../deps.ts';
import type { ApiEnv } from '../identity.ts';
import { latestComplete, months } from '../query.ts';
import { literal } from '../sql.ts';

export function sessionRoutes(deps: ApiDeps): Hono<ApiEnv> {
  return new Hono<ApiEnv>().get('/session', async (c) => {
    const identity = c.get('identity');
    const everyone = identity.role === 'commissioner' || deps.local === true;
    const filter =
      everyone || identity.role !== 'provider' ? '' : `WHERE provider_id = ${literal(identity.provider_id)}`;
    const [providers, monthRows] = await Promise.all([
      deps.queries.query(
        // One name per provider: the register has a row per branch.
        `SELECT provider_id, min(provider_name) AS provider_name FROM provider_register ${filter} GROUP BY provider_id ORDER BY provider_id`,
      ),
      months(deps.queries),
    ]);
    return c.json({
      identity,
      local: deps.local === true,
      providers,
      months: monthRows,
      latest_complete: latestComplete(monthRows),
      method_version: deps.method.method_version,
    });
  });
}
