// Test helpers: a small independent CSV reader and the CONTRACTS §1.1 monthly-return checks, so
// the generator is judged by rules written apart from it.

export type CsvRecord = Record<string, string>;

/** RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM. */
export function parseCsv(text: string): { header: string[]; rows: CsvRecord[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...body] = records;
  return {
    header,
    rows: body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))),
  };
}

const countColumns = [
  'calls_scheduled',
  'calls_late_early',
  'calls_missed',
  'calls_double_handed',
  'calls_double_handed_on_time',
  'people_served',
  'people_trusted_team_ok',
  'packages_new',
  'care_plans_by_second_visit',
  'complaints_closed',
  'complaints_closed_in_20wd',
  'notifications_due',
  'notifications_on_time',
];
const hourColumns = ['hours_commissioned', 'hours_delivered', 'hours_invoiced'];

/** Problems with one monthly-return row on its own (no register): empty when the row is good. */
export function monthlyRowProblems(r: CsvRecord): string[] {
  const problems: string[] = [];
  const n = (c: string) => Number(r[c]);
  for (const c of countColumns) if (!/^\d+$/.test(r[c] ?? '')) problems.push(`${c} not a count: ${r[c]}`);
  for (const c of hourColumns)
    if (!/^\d+(\.\d{1,2})?$/.test(r[c] ?? '')) problems.push(`${c} not hours: ${r[c]}`);
  if (!['HC', 'SIS', 'SISP', 'ECS', 'D2A'].includes(r.service_code ?? '')) problems.push('service_code');
  if (!/^\d{4}-\d{2}$/.test(r.period ?? '')) problems.push('period');
  if (n('calls_late_early') + n('calls_missed') > n('calls_scheduled'))
    problems.push('late+missed > scheduled');
  if (n('calls_double_handed') > n('calls_scheduled')) problems.push('double_handed > scheduled');
  if (n('calls_double_handed_on_time') > n('calls_double_handed')) problems.push('on_time > double_handed');
  if (n('people_trusted_team_ok') > n('people_served')) problems.push('ok > served');
  if (n('care_plans_by_second_visit') > n('packages_new')) problems.push('plans > new');
  if (n('complaints_closed_in_20wd') > n('complaints_closed')) problems.push('in_20wd > closed');
  if (n('notifications_on_time') > n('notifications_due')) problems.push('on_time > due');
  return problems;
}

export function textOf(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : new TextDecoder('windows-1252').decode(content);
}
