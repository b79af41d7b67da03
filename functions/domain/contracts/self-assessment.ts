import * as z from '../zod.ts';
import { defineContract, notMoreThan, type RowIssue } from './contract.ts';
import { count, optionalText, period, positiveCount, selfRating, text, yesNo } from './fields.ts';

const staffCounts = [
  'staff_supervised_in_quarter',
  'staff_appraised_12m',
  'staff_dbs_current',
  'staff_safeguarding_trained',
] as const;

export const selfAssessment = defineContract({
  type: 'self-assessment',
  title: 'Quarterly self-assessment',
  owner: 'provider',
  table: 'self_assessment',
  storage: 'append',
  key: ['provider_id', 'quarter_start'],
  schema: z.object({
    provider_id: text('Your provider id, as in the council provider register', 'P001', 40),
    quarter_start: period('First month of the quarter: YYYY-01, -04, -07 or -10', '2025-04'),
    self_rating_quality: selfRating('Your rating of Quality and contract assurance (1–4 or the rating word)'),
    self_rating_cost_flex: selfRating('Your rating of Cost, flexibility and innovation'),
    self_rating_delivery: selfRating('Your rating of Service deliverables'),
    self_rating_relationship: selfRating('Your rating of Relationship development'),
    self_rating_workforce: selfRating('Your rating of Business, workforce assurance and risk'),
    staff_headcount: positiveCount('Care staff employed at the end of the quarter', 85),
    staff_supervised_in_quarter: count('Staff supervised during the quarter', 80),
    staff_appraised_12m: count('Staff appraised in the last 12 months', 78),
    staff_dbs_current: count('Staff with a DBS check no older than 3 years', 84),
    staff_safeguarding_trained: count('Staff with current safeguarding training', 82),
    leavers_12m: count('Staff who left in the last 12 months', 15),
    starters_due_care_certificate: count('Starters due to complete the Care Certificate', 10),
    starters_care_certificate_12w: count('Starters who completed the Care Certificate within 12 weeks', 9),
    registered_manager_in_post: yesNo('Is a registered manager in post? yes or no'),
    evidence_summary: optionalText(
      'Short summary of your evidence (stored as text, never run)',
      'Supervision matrix attached',
      4000,
    ),
  }),
  periodOf: (row) => row.quarter_start,
  check(row) {
    const issues: RowIssue[] = [];
    if (!/-(01|04|07|10)$/.test(row.quarter_start)) {
      issues.push({
        column: 'quarter_start',
        severity: 'error',
        message: `quarter_start ${row.quarter_start} is not the first month of a quarter: use month 01, 04, 07 or 10`,
      });
    }
    for (const column of staffCounts) {
      notMoreThan(
        issues,
        column,
        row[column],
        'staff_headcount',
        row.staff_headcount,
        'it counts staff, so it cannot exceed the headcount',
      );
    }
    notMoreThan(
      issues,
      'starters_care_certificate_12w',
      row.starters_care_certificate_12w,
      'starters_due_care_certificate',
      row.starters_due_care_certificate,
      'completions are counted among the starters due',
    );
    return issues;
  },
});
