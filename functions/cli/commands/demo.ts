// carescore demo: a sample county generated, ingested, scored, alerted on and reported, in a
// fresh lake, with a short summary. The README's main command.
import { join, resolve } from 'node:path';
import { TerminalNotifier } from '../../adapters/terminal-notifier.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { DirectoryCache } from '../../domain/validation/reference-data.ts';
import { readResults } from '../../lake/results.ts';
import { writeLakeSettings } from '../../lake/settings.ts';
import { FirstMonthSoFar } from '../../pipeline/ingest/first-month-so-far.ts';
import { ingestInOrder } from '../../pipeline/ingest/ingest-in-order.ts';
import { raiseAlerts } from '../../pipeline/raise-alerts.ts';
import { scoreLake } from '../../pipeline/score-lake.ts';
import { generateCounty } from '../../sample/index.ts';
import { type Invocation, type Output, openLake } from '../args.ts';
import { compactAndSay } from './compact.ts';
import { DemoJournal } from './demo-lake.ts';
import { writeCounty } from './generate.ts';
import { filesInFlight, ingestPath, laneOf } from './ingest.ts';
import { writeCommissionerReport } from './report.ts';

export async function demoCommand(
  { values }: Invocation<{ lake: string; providers: string; months: string; seed: string }>,
  io: Output,
): Promise<number> {
  const lakeDir = resolve(values.lake);
  const journal = await DemoJournal.start(lakeDir);
  try {
    return await runDemo(values, lakeDir, journal, io);
  } finally {
    await journal.close();
  }
}

async function runDemo(
  values: { lake: string; providers: string; months: string; seed: string },
  lakeDir: string,
  journal: DemoJournal,
  io: Output,
): Promise<number> {
  const started = Date.now();
  // Time since the demo started, so each step's line says when it finished.
  const elapsed = () => `at ${((Date.now() - started) / 1000).toFixed(1)} s`;

  const county = generateCounty({
    providers: Number(values.providers),
    months: Number(values.months),
    seed: Number(values.seed),
  });
  // Sample files land where providers' uploads would: landing/<provider>/<type>/<file>.
  const landing = join(lakeDir, 'landing');
  const landed = county.files.map((f) => ({
    ...f,
    path: join(f.provider, f.type, f.path.split('/').pop()!),
  }));
  for (const path of [...landed.map((f) => f.path), 'manifest.csv'])
    await journal.record(join(landing, path));
  await writeCounty({ ...county, files: landed }, landing);
  io.out(
    `Generated a sample county: ${county.summary.providers} providers, ${county.summary.firstMonth} to ${county.summary.lastMonth}, ${county.files.length} files (${elapsed()}).`,
  );

  const lake = openLake(lakeDir);
  const store = journal.recording(lake);
  // The council's go-live month: the sample county's first month (settings/lake.json).
  await writeLakeSettings(store, { first_month: county.summary.firstMonth });
  const statuses = new Map<string, number>();
  const directories = new DirectoryCache();
  const firstMonths = new FirstMonthSoFar();
  const jobs = county.files.map((file) => ({
    path: join(landing, file.provider, file.type, file.path.split('/').pop()!),
    type: file.type,
    submitter: file.provider,
    receivedAt: file.receivedAt,
  }));
  let done = 0;
  // As `ingest --manifest` does: several files in flight, committed in the county's order.
  await ingestInOrder(
    jobs,
    { inFlight: filesInFlight, laneOf },
    (job, turn) => ingestPath(store, job, { directories, firstMonths, turn }),
    (_job, outcome) => {
      if (!outcome.ok) throw outcome.error;
      const { submission } = outcome.value;
      statuses.set(submission.status, (statuses.get(submission.status) ?? 0) + 1);
      done += 1;
      if (done % 250 === 0 || done === jobs.length)
        io.err(`  ingested ${done}/${jobs.length} files (${elapsed()})`);
    },
  );
  io.out(`Ingested ${county.files.length} files: ${[...statuses].map(([s, n]) => `${n} ${s}`).join(', ')}.`);
  io.out(await compactAndSay(store));

  const { periods, providers } = await scoreLake(store, {
    asOf: county.asOf,
    method: publishedMethod(),
  });
  const latest = periods[periods.length - 1]!;
  io.out(`Scored ${providers} providers for ${periods.length} months (${elapsed()}).`);

  // The alerts the demo sends are printed as `carescore alerts` prints them, and marked sent only
  // once written; the history a first run backfills is stored, never sent.
  io.out('');
  io.out('Alerts sent:');
  const notifier = new TerminalNotifier((line) => io.out(`  ${line}`), io.flush ? { flush: io.flush } : {});
  const { raised, backfilled } = await raiseAlerts(store, notifier, {
    asOf: county.asOf,
    method: publishedMethod(),
    now: () => new Date(),
  });
  const reportPath = join(lakeDir, `commissioner-report-${latest}.html`);
  await journal.record(reportPath);
  await writeCommissionerReport(lake, latest, reportPath, county.asOf);

  const latestMonth = { periods: (p: string) => p === latest };
  const month = await readResults(store, 'scorecards', latestMonth);
  const risk = await readResults(store, 'risk_matrix', latestMonth);
  io.out('');
  io.out(`Month ${latest}, as of ${county.asOf.toISOString()}:`);
  io.out(
    `  overall rating  ${countBy(
      month.map((s) => s.overall_rating as string),
      ['Outstanding', 'Good', 'Requires improvement', 'Inadequate', 'Not scored'],
    )}`,
  );
  io.out(
    `  risk tier       ${countBy(
      risk.map((r) => r.risk_tier as string),
      ['Low', 'Moderate', 'High', 'Critical'],
    )}`,
  );
  io.out(
    `  alerts raised   ${raised.length} (${countBy(
      raised.map((a) => a.severity),
      ['critical', 'high', 'medium', 'low'],
    )}; ${backfilled.length} backfilled, not sent)`,
  );
  io.out(`  report          ${reportPath}`);
  io.out('');
  const at = ` --lake ${shellWord(values.lake)}`;
  io.out(`Done ${elapsed()}. Next, for example:`);
  io.out(`  npx carescore query "SELECT * FROM v_high_risk_providers"${at}`);
  io.out(`  npx carescore report --period ${latest} --out report.html${at}`);
  io.out(`  npx carescore serve${at}`);
  return 0;
}

/** `text` as one shell word: as it is when that is safe, else in single quotes. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

function countBy(values: string[], order: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return order.map((k) => `${k} ${counts.get(k) ?? 0}`).join(' · ');
}
