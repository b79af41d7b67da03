// carescore validate FILE --type T [--provider ID]: the report, with nothing stored. Exit 1 when
// the file would be rejected in whole or in part, 0 when it would be accepted.
import { tmpdir } from 'node:os';
import { contracts } from '../../domain/contracts/index.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { ingestFile } from '../../pipeline/ingest/ingest-file.ts';
import { type Invocation, limitsFromFlags, type Output, openLake, UsageError, type Values } from '../args.ts';
import { fileErrorHint } from '../file-error-hint.ts';
import { terminalSafe } from '../terminal-text.ts';
import { inputFile, jobFor } from './ingest.ts';

/** The options, by flag name; the limit flags (--max-rows, …) too. */
type ValidateValues = { lake: string; type?: string; provider?: string; format: string } & Values;

export async function validateCommand(
  { values, positionals }: Invocation<ValidateValues>,
  io: Output,
): Promise<number> {
  const limits = limitsFromFlags(values);
  if (positionals.length !== 1) throw new UsageError('Name exactly one file to validate.');
  const job = jobFor(positionals[0]!, values.type, values.provider);
  // Refused before reading: without a provider the file could only be rejected as NO_PROVIDER.
  if (
    values.provider === undefined &&
    job.submitter === 'council' &&
    contracts[job.type].owner === 'provider'
  ) {
    throw new UsageError(
      `A ${job.type} file is sent by a provider: name the provider with --provider ID (or put the file under landing/<provider>/${job.type}/).`,
    );
  }
  // Piped input is spooled outside the lake: validate stores nothing there.
  const input = await inputFile(job.path, tmpdir(), limits);
  const { submission: s, report } = await ingestFile(
    { store: openLake(values.lake), now: () => new Date(), method: publishedMethod() },
    { source: input.source, type: job.type, submitter: job.submitter, receivedAt: job.receivedAt, limits },
    true,
  ).finally(() => input.release());
  // Like a linter: exit 1 when ingest would reject the file, or some of its rows.
  const code = s.status === 'rejected' || s.status === 'partially_accepted' ? 1 : 0;
  if (values.format === 'json') {
    io.out(JSON.stringify(report, null, 2));
    return code;
  }
  // Values, header names and file names come from the file: printed terminal-safe.
  const out = (line: string) => io.out(terminalSafe(line));
  out(
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
    out(`  ${p.severity}: ${where}: ${p.message}`);
  }
  const hint = fileErrorHint(s).trim();
  if (hint) out(`  ${hint}`);
  if (report.problems_total > report.problems_listed) {
    out(`  … and ${report.problems_total - report.problems_listed} more problems`);
  }
  return code;
}
