// METHODOLOGY §8 "The lake's first month", checked on each provider-return row at ingest. With a
// go-live month set, a return for an earlier month (a self-assessment for a quarter that ended
// before it) is rejected with its reason: no month before the go-live month is scored or judged
// missing, so such a row could only mislead.

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
