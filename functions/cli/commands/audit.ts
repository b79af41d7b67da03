// carescore audit [--lake DIR] [--format table|json]: checks that nothing received was lost.
// Exit 0 when the lake is whole, 1 when there is any finding.
import { auditLake } from '../../pipeline/audit/audit-lake.ts';
import { type AuditReport, count } from '../../pipeline/audit/finding.ts';
import { type Invocation, type Output, openLake, UsageError } from '../args.ts';

export async function auditCommand(
  { values }: Invocation<{ lake: string; format: string }>,
  io: Output,
): Promise<number> {
  if (values.format !== 'table' && values.format !== 'json')
    throw new UsageError('--format must be table or json.');
  const report = await auditLake(openLake(values.lake));
  for (const line of values.format === 'json' ? [JSON.stringify(report, null, 2)] : tableLines(report))
    io.out(line);
  if (report.findings.length === 0) return 0;
  const what = report.findings.every((f) => f.check === 'tmp')
    ? 'writes that did not finish left temporary files'
    : 'something received is missing, altered or counted twice';
  io.err(`carescore audit: ${count(report.findings.length, 'finding')}: ${what}; each is listed above.`);
  return 1;
}

function tableLines(report: AuditReport): string[] {
  const width = Math.max(...report.checks.map((c) => c.summary.length));
  const lines = report.checks.map(
    (c) => `${c.check.padEnd(8)}${c.summary.padEnd(width)}  ${count(c.findings.length, 'finding')}`,
  );
  if (report.findings.length === 0) return [...lines, 'Nothing lost: every file received is accounted for.'];
  return [...lines, '', ...report.findings.map((f) => `${f.check.padEnd(8)}${f.key}  ${f.reason}`)];
}
