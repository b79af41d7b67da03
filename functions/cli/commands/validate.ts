// carescore validate FILE --type T [--provider ID]: the report, with nothing stored.
import { parseArgs } from 'node:util';
import { fileSource } from '../../adapters/fs-source.ts';
import { ingestFile } from '../../pipeline/ingest/ingest-file.ts';
import { lakeOption, limitOptions, limitsFromFlags, type Output, openLake, UsageError } from '../args.ts';
import { fileErrorHint } from '../file-error-hint.ts';
import { jobFor } from './ingest.ts';

export async function validateCommand(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...lakeOption,
      type: { type: 'string' },
      provider: { type: 'string' },
      format: { type: 'string', default: 'text' },
      ...limitOptions,
    },
  });
  const limits = limitsFromFlags(values);
  if (positionals.length !== 1) throw new UsageError('Name exactly one file to validate.');
  const job = jobFor(positionals[0]!, values.type, values.provider);
  let source: Awaited<ReturnType<typeof fileSource>>;
  try {
    source = await fileSource(job.path);
  } catch {
    throw new UsageError(`Cannot read ${job.path}: no such file, or it is not readable.`);
  }
  const { submission: s, report } = await ingestFile(
    { store: openLake(values.lake), now: () => new Date() },
    { source, type: job.type, submitter: job.submitter, receivedAt: job.receivedAt, limits },
    true,
  );
  if (values.format === 'json') {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  io.out(
    `${job.path}: ${s.status} (dry run, nothing stored): ${s.rows_read} rows read, ${s.rows_accepted} would be accepted, ${s.rows_rejected} rejected`,
  );
  for (const p of report.problems) {
    const where = [
      p.row !== null ? `row ${p.row}` : 'file',
      p.column ? `column ${p.column}` : null,
      p.value !== null ? `value "${p.value}"` : null,
    ]
      .filter(Boolean)
      .join(', ');
    io.out(`  ${p.severity}: ${where}: ${p.message}`);
  }
  const hint = fileErrorHint(s).trim();
  if (hint) io.out(`  ${hint}`);
  if (report.problems_total > report.problems_listed) {
    io.out(`  … and ${report.problems_total - report.problems_listed} more problems`);
  }
  return 0;
}
