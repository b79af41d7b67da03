import * as z from '../zod.ts';
import { defineContract, type RowIssue } from './contract.ts';
import { optionalDate, optionalText, text } from './fields.ts';

const ratingWords = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires improvement': 'Requires improvement',
  inadequate: 'Inadequate',
} as const;
export type CqcRatingWord = (typeof ratingWords)[keyof typeof ratingWords];

/** One of the four CQC words in any case, or null: anything else means "not rated". */
export function cqcRating(value: string | null): CqcRatingWord | null {
  if (!value) return null;
  return ratingWords[value.trim().toLowerCase().replace(/\s+/g, ' ') as keyof typeof ratingWords] ?? null;
}

/** Rows are rating entries flattened from CQC API location documents (current and historic). */
export const cqcLocations = defineContract({
  type: 'cqc-locations',
  title: 'CQC location ratings',
  owner: 'council',
  table: 'cqc_ratings',
  storage: 'history',
  key: ['location_id', 'report_date', 'rating_source'],
  schema: z.object({
    location_id: text('CQC location id (locationId)', '1-1234567890', 40),
    provider_id: optionalText('CQC provider id (providerId)', '1-101234567', 40),
    registration_status: optionalText('registrationStatus', 'Registered', 60),
    rating: optionalText('Overall rating as published', 'Good', 60),
    report_date: optionalDate('Report date of that rating', '2024-06-12'),
    rating_source: optionalText('current or historic', 'current', 20),
  }),
  check(row) {
    const issues: RowIssue[] = [];
    if (cqcRating(row.rating) && !row.report_date) {
      issues.push({
        column: 'report_date',
        severity: 'error',
        message: `the rating "${row.rating}" has no report date, so the month it applies from is unknown`,
      });
    }
    return issues;
  },
});
