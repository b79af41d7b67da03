// METHODOLOGY §8 "The lake's first month", checked on each provider-return row at ingest. With a
// go-live month set, a return for an earlier month (a self-assessment for a quarter that ended
// before it) is rejected with its reason: no month before the go-live month is scored or judged
// missing, so such a row could only mislead.

import { monthInWords } from '../period.ts';

interface FirstMonthIssue {
  column: 'period' | 'quarter_start';
  message: string;
}

/** The quarter (01, 04, 07, 10: CONTRACTS §1.1) that contains a month. */
function quarterOf(period: string): string {
  const month = Number(period.slice(5, 7));
  return `${period.slice(0, 5)}${String(month - ((month - 1) % 3)).padStart(2, '0')}`;
}

/** The row's problem with the lake's go-live month (`firstMonth`, 'YYYY-MM'), if any. */
export function checkFirstMonth(
  type: string,
  values: { period?: unknown; quarter_start?: unknown },
  firstMonth: string,
): FirstMonthIssue | null {
  if (type === 'monthly-return' && typeof values.period === 'string' && values.period < firstMonth)
    return {
      column: 'period',
      message: `period ${values.period} is before ${firstMonth}, the first month this council scores (its go-live month); returns for earlier months are not taken`,
    };
  const quarter = values.quarter_start;
  if (type === 'self-assessment' && typeof quarter === 'string' && quarter < quarterOf(firstMonth))
    return {
      column: 'quarter_start',
      message: `quarter_start ${quarter} is a quarter that ended before ${firstMonth}, the first month this council scores (its go-live month); self-assessments for earlier quarters are not taken`,
    };
  return null;
}

/**
 * With `first_month: auto`, the notice for a return whose months (`earlier`, sorted) come before
 * the lake's first month so far (`lakeFirst`): told to the sender, never a warning, since it
 * changes neither the submission's status nor its scores.
 */
export function backDatedNotice(earlier: readonly string[], lakeFirst: string): string {
  const months = earlier.map(monthInWords);
  const which = months.length === 1 ? `month ${months[0]} is` : `months ${months[0]} to ${months.at(-1)} are`;
  return (
    `This return's ${which} before ${monthInWords(lakeFirst)}, the lake's first month so far (the earliest month of any return it holds). ` +
    `The rows were accepted and move the lake's first month back to ${months[0]}. ` +
    `If the council's scoring should start later, the council may pin a go-live month for the lake; returns for months before it are then not taken.`
  );
}
