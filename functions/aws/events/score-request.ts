// The message the ingest Lambda sends the score Lambda: which months new data touched, or that a
// feed with no month (register, clusters, CQC ratings, sanctions…) may have changed every month.

import { periodPattern } from '../../domain/period.ts';
import * as z from '../../domain/zod.ts';
import { parseJsonEvent } from './parse-event.ts';

const scoreRequestSchema = z.object({
  periods: z.array(z.string().check(z.regex(periodPattern, 'a period is YYYY-MM'))),
  allPeriods: z._default(z.boolean(), false),
});

export type ScoreRequest = z.infer<typeof scoreRequestSchema>;

/**
 * The score queue is FIFO with this one message group, so its consumer runs one scoring at a time
 * (each run rewrites whole results partitions) without reserved concurrency.
 */
export const scoreMessageGroup = 'score';

/** The message body for these periods: distinct and sorted, so equal requests are equal text. */
export function scoreRequestBody(periods: Iterable<string>, allPeriods = false): string {
  return JSON.stringify({ periods: [...new Set(periods)].sort(), allPeriods } satisfies ScoreRequest);
}

export function parseScoreRequest(body: string): ScoreRequest {
  return parseJsonEvent(scoreRequestSchema, 'score request', body);
}
