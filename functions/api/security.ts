// Headers on every response, and the local server's guard against requests from other sites.
import type { MiddlewareHandler } from 'hono';
import { forbidden } from './errors.ts';

/**
 * Scripts, styles and images only from the app's own files: no inline script or style (the front end
 * sets styles only through the CSSOM, which a policy does not govern), no data: URLs. Never framed;
 * no referrer leaves the app.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', contentSecurityPolicy);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
};

/**
 * The local server has no sign-in, so anything that can reach the port could ask it: only
 * requests addressed to the served host (no DNS rebinding) and from no other origin (no
 * cross-site form or fetch) are answered.
 */
export function sameOriginOnly(hosts: () => readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const served = hosts();
    const allowed = new Set(served.map((h) => h.toLowerCase()));
    const host = (c.req.header('Host') ?? '').toLowerCase();
    if (!allowed.has(host))
      throw forbidden(
        `This server answers only requests to ${served[0]}; open http://${served[0]}/ instead.`,
      );
    const origin = c.req.header('Origin');
    if (
      origin !== undefined &&
      origin !== 'null' &&
      !allowed.has(origin.replace(/^https?:\/\//, '').toLowerCase())
    )
      throw forbidden(
        `Requests from ${origin} are refused: only the carescore page at http://${served[0]}/ may call it.`,
      );
    if (origin === 'null') throw forbidden('Requests from an opaque origin are refused.');
    const site = c.req.header('Sec-Fetch-Site');
    if (site === 'cross-site') throw forbidden('Requests from other sites are refused.');
    await next();
  };
}
