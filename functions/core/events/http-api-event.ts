// The API Gateway HTTP API (payload 2.0) event behind a JWT authorizer: the route, its inputs, and
// the claims API Gateway has already verified.
import * as z from 'zod';

export const httpApiEventSchema = z.object({
  routeKey: z.string(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
  pathParameters: z.record(z.string(), z.string()).optional(),
  requestContext: z.object({
    requestId: z.string().optional(),
    authorizer: z.object({ jwt: z.object({ claims: z.record(z.string(), z.unknown()) }) }).optional(),
  }),
});

export type HttpApiEvent = z.infer<typeof httpApiEventSchema>;

/** The verified claims; none when the route has no authorizer (which the API never should). */
export function claimsOf(event: HttpApiEvent): Record<string, unknown> {
  return event.requestContext.authorizer?.jwt.claims ?? {};
}

/** The body as text, undoing API Gateway's base64 for bodies it did not take as text. */
export function bodyText(event: HttpApiEvent): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
