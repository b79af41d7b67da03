// The alerts of a month, and a commissioner's two actions on one: acknowledge, withdraw (with why).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps } from '../deps.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { type ApiEnv, requireCommissioner } from '../identity.ts';
import { where } from '../query.ts';
import { alertKeyParam, periodParam } from '../sql.ts';

export function alertRoutes(
  deps: ApiDeps,
  writing: <T>(write: () => Promise<T>) => Promise<T>,
): Hono<ApiEnv> {
  const alertRow = async (key: string) =>
    (await deps.queries.query(`SELECT * FROM v_alerts ${where('alert_key', key)}`))[0] ?? null;
  // The alert actions read and write the alerts table's Parquet: loaded on first use, so the
  // Parquet codec is not part of the API Lambda's cold start, which people wait on.
  const alerts = () => import('../../pipeline/raise-alerts.ts');
  /** Runs an action on a stored alert, in the words of the API's errors. */
  const act = async (
    key: string,
    action: (steps: Awaited<ReturnType<typeof alerts>>) => Promise<unknown>,
  ) => {
    const steps = await alerts();
    const { AlertAlreadyWithdrawnError, UnknownAlertError } = steps;
    try {
      await writing(() => action(steps));
    } catch (error) {
      if (error instanceof UnknownAlertError) throw notFound(error.message);
      if (error instanceof AlertAlreadyWithdrawnError) throw new ApiError(409, error.message);
      throw error;
    }
    return { alert: await alertRow(key) };
  };
  return new Hono<ApiEnv>()
    .get('/alerts', async (c) => {
      requireCommissioner(c);
      const asked = c.req.query('period');
      const filter = asked === undefined ? '' : where('period', periodParam(asked));
      return c.json({
        alerts: await deps.queries.query(
          `SELECT * FROM v_alerts ${filter} ORDER BY period DESC, first_raised_at DESC, alert_key`,
        ),
      });
    })
    .post('/alerts/:alert_key/acknowledge', async (c) => {
      requireCommissioner(c);
      const key = alertKeyParam(c.req.param('alert_key'));
      const identity = c.get('identity');
      const by = identity.role === 'commissioner' ? (identity.name ?? 'commissioner') : identity.provider_id;
      return c.json(
        await act(key, ({ acknowledgeAlert }) => acknowledgeAlert(deps.store, { key, by, now: deps.now })),
      );
    })
    .post(
      '/alerts/:alert_key/withdraw',
      // A reason is a sentence or two: a body past this is refused before it is read whole.
      bodyLimit({
        maxSize: 16 * 1024,
        onError: () => {
          throw new ApiError(413, 'Keep the reason to 1,000 characters or fewer.');
        },
      }),
      async (c) => {
        requireCommissioner(c);
        const key = alertKeyParam(c.req.param('alert_key'));
        const body = (await c.req.json().catch(() => null)) as { reason?: unknown } | null;
        const reason = typeof body?.reason === 'string' ? body.reason.trim() : '';
        if (reason === '') throw badRequest('Say why the alert is withdrawn: send JSON {"reason": "…"}.');
        if (reason.length > 1000) throw badRequest('Keep the reason to 1,000 characters or fewer.');
        return c.json(
          await act(key, ({ withdrawAlert }) => withdrawAlert(deps.store, { key, reason, now: deps.now })),
        );
      },
    );
}
