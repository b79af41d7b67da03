// The API Gateway HTTP API (payload 2.0) event behind a JWT authorizer: the route, its inputs, and
// the claims API Gateway has already verified.
import * as z from '../../domain/zod.ts';

export const httpApiEventSchema = z.object({
  routeKey: z.string(),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  pathParameters: z.optional(z.record(z.string(), z.string())),
  requestContext: z.object({
    requestId: z.optional(z.string()),
    authorizer: z.optional(z.object({ jwt: z.object({ claims: z.record(z.string(), z.unknown()) }) })),
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
