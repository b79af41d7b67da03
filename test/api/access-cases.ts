// Who may read what, checked the same way over the local API (routes.test.ts) and the web API
// Lambda (test/aws/handlers/web-api-handler.test.ts): the read routes a provider may not reach.

import { expect, it } from 'vitest';

/** One provider's own read routes. */
const ownRoutes = (id: string) => [
  `/api/providers/${id}`,
  `/api/providers/${id}/months/2025-01`,
  `/api/providers/${id}/submissions`,
  `/api/providers/${id}/submissions/sub_aaa/report`,
  `/api/providers/${id}/due`,
];

/** The read routes for commissioners only. */
export const commissionerRoutes = [
  '/api/overview',
  '/api/overview?period=2025-02',
  '/api/providers',
  '/api/clusters',
  '/api/trends',
  '/api/alerts',
  '/api/alerts?period=2025-02',
];

/**
 * Provider P1 is refused (403, one sentence) P2's routes and the commissioners' ones; `asP1` asks a
 * path as P1, by whatever sign-in the API under test takes.
 */
export function itRefusesAnotherProvidersAndCommissionerRoutes(
  asP1: (path: string) => Promise<{ status: number; body: Record<string, unknown> }>,
): void {
  it.each(ownRoutes('P2'))('%s is refused (403) to provider P1', async (path) => {
    const { status, body } = await asP1(path);
    expect(status).toBe(403);
    expect(body.error).toBe('You are signed in as provider P1, so you can only see its own data.');
  });

  it.each(commissionerRoutes)('%s is for commissioners only (403 to a provider)', async (path) => {
    const { status, body } = await asP1(path);
    expect(status).toBe(403);
    expect(body.error).toMatch(/^Only commissioners can see this/);
  });
}
