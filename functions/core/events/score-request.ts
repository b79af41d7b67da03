// The message the ingest Lambda sends the score Lambda: which months new data touched.
import { z } from 'zod';
import { parseJsonEvent } from './parse-event.ts';

export const scoreRequestSchema = z.object({
  periods: z.array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period is YYYY-MM')),
});

export type ScoreRequest = z.infer<typeof scoreRequestSchema>;

/** The message body for these periods: distinct and sorted, so equal requests are equal text. */
export function scoreRequestBody(periods: Iterable<string>): string {
  return JSON.stringify({ periods: [...new Set(periods)].sort() } satisfies ScoreRequest);
}

export function parseScoreRequest(body: string): ScoreRequest {
  return parseJsonEvent(scoreRequestSchema, 'score request', body);
}
