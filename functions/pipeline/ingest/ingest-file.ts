// One received file → one submission: raw copy kept, rows validated, curated data and
// quarantine written, a report for the sender, and the ledger record committed last. Every key
// written is named after the submission, so a retry after a crash at any step redoes the same
// writes, and readers, which go by the ledger, never count a submission that has not committed.

import { createHash } from 'node:crypto';
import { contracts, type InputContract, type InputType } from '../../domain/contracts/index.ts';
import type { ByteSource, ReadLimits } from '../../domain/formats/index.ts';
import type { MethodConfig } from '../../domain/method/config.ts';
import { decideStatus, type Submission } from '../../domain/submission.ts';
import { backDatedNotice } from '../../domain/validation/first-month.ts';
import {
  type DirectoryCache,
  type ProviderDirectory,
  providerDirectory,
} from '../../domain/validation/reference-data.ts';
import { buildReport, type SubmissionReport } from '../../domain/validation/submission-report.ts';
import { validateFile } from '../../domain/validation/validate-file.ts';
import {
  committedMergedRows,
  earliestCommittedPeriod,
  isMerged,
  mergedTableIsCurrent,
  refreshMergedTable,
  removeRowsOfEarlierAttempt,
  tableFiles,
  writeSubmissionRows,
} from '../../lake/curated.ts';
import { keys, sanitiseFileName } from '../../lake/keys.ts';
import { getJson, type ObjectStore, putSource } from '../../lake/object-store.ts';
import { decodeParquetColumns, type Row } from '../../lake/parquet.ts';
import { readLakeSettings } from '../../lake/settings.ts';
import { legacySubmissionIdFor, submissionIdFor } from '../../lake/submission-id.ts';
import { reportHtml } from '../report/submission-report-html.ts';
import type { FirstMonthSoFar } from './first-month-so-far.ts';
import { digestingSource, SourceChangedError } from './source-digest.ts';

export interface IngestRequest {
  source: ByteSource;
  type: InputType;
  /** The submitting provider's id, or 'council'. */
  submitter: string;
  receivedAt: Date;
  limits?: Partial<ReadLimits>;
}

export interface IngestDeps {
  store: ObjectStore;
  now: () => Date;
  /** The method whose first_month applies when the council has pinned none. */
  method: MethodConfig;
  /** Keeps the provider directory between ingests in one process (a manifest, a warm Lambda). */
  directories?: DirectoryCache;
  /** Keeps the lake's first month so far between the files of one run (a manifest). */
  firstMonths?: FirstMonthSoFar;
  /**
   * Resolves once every file before this one in the run has its outcome (ingest-in-order.ts):
   * awaited after the raw copy and row files, before what depends on the files before it (a
   * monthly return's back-dated notice) and the ledger record, so a run commits in its order.
   */
  turn?: () => Promise<void>;
}

export interface IngestResult {
  submission: Submission;
  report: SubmissionReport;
  /** True when these exact bytes had been received before: nothing was written. */
  alreadyReceived: boolean;
}

/** Ingests a file. With `dryRun` nothing is written: the report is all. */
export async function ingestFile(
  deps: IngestDeps,
  request: IngestRequest,
  dryRun = false,
): Promise<IngestResult> {
  const { store } = deps;
  const contract = contracts[request.type];
  // The file is read once to validate it and take its digest; its raw copy is made within the
  // storage where the store can (putSource), else by reading it once more.
  const digesting = digestingSource(request.source);
  const directory = await loadDirectory(store, contract, deps.directories, dryRun);
  const firstMonth = await goLiveMonth(store, contract, deps.method);
  const read = await validateFile(
    contract,
    { ...request, source: digesting.source, ...(firstMonth ? { firstMonth } : {}) },
    directory,
  );
  const { sha256, size } = await digesting.digest();
  // A submission is one sender's file of one type: the same bytes from another sender, or as another
  // type, are a submission of their own.
  const submissionId = submissionIdFor(request.type, request.submitter, sha256);

  if (!dryRun) {
    const earlier =
      (await getJson<Submission>(store, keys.ledger(submissionId))) ??
      (await legacyRecord(store, request, sha256));
    if (earlier) {
      // The earlier ingest may have died between its commit and rebuilding the table: finish that.
      if (isMerged(contract) && earlier.rows_accepted > 0) await refreshMergedTable(store, contract);
      const report =
        (await getJson<SubmissionReport>(store, earlier.report_json_key)) ?? buildReport(earlier, []);
      return { submission: earlier, report, alreadyReceived: true };
    }
  }

  const storedName = sanitiseFileName(request.source.name);
  // Reports go to the sender, also when a provider sent a council feed (which is rejected).
  const owner = sanitiseFileName(request.submitter);
  const rawKey = keys.raw(request.type, submissionId, storedName);
  // A raw copy without a ledger record means an earlier attempt at these bytes was interrupted.
  const retrying = !dryRun && (await store.list(keys.rawPrefix(request.type, submissionId))).length > 0;

  const status = decideStatus({
    fileRejected: read.fileError !== null,
    rowsAccepted: read.validator?.outcome.accepted.length ?? 0,
    rowsRejected: read.validator?.outcome.rejected.length ?? 0,
    warnings: read.problems.filter((p) => p.severity === 'warning').length,
  });
  const outcome = read.validator?.outcome;
  const accepted = status === 'rejected' || !outcome ? null : outcome.accepted;
  const rowsAccepted = accepted?.length ?? 0;
  const rowsRead = outcome?.rowsRead ?? 0;
  const periods = accepted ? [...accepted.indicesByPeriod().keys()].sort() : [];
  // Rows rejected one by one, or every row read of a file rejected whole.
  const quarantined = read.quarantine;
  const rejectedRows = quarantined?.length ?? 0;
  const submission: Submission = {
    schema_version: 1,
    submission_id: submissionId,
    sha256,
    size_bytes: size,
    input_type: request.type,
    provider_id: request.submitter,
    file_name: request.source.name,
    stored_name: storedName,
    format: read.reader?.format ?? null,
    encoding: read.reader?.encoding ?? null,
    received_at: request.receivedAt.toISOString(),
    processed_at: deps.now().toISOString(),
    status,
    rows_read: rowsRead,
    rows_accepted: rowsAccepted,
    rows_rejected: rowsRead - rowsAccepted,
    errors: read.problems.filter((p) => p.severity === 'error').length,
    warnings: read.problems.filter((p) => p.severity === 'warning').length,
    period: periods.join(','),
    file_error: read.fileError,
    raw_key: rawKey,
    report_json_key: keys.reportJson(owner, submissionId),
    report_html_key: keys.reportHtml(owner, submissionId),
    quarantine_key: rejectedRows > 0 ? keys.quarantine(submissionId) : null,
  };
  const reportWith = async () =>
    buildReport(
      submission,
      read.problems,
      firstMonth === null ? await backDatedNotices(store, contract, periods, deps.firstMonths) : [],
    );
  if (dryRun) return { submission, report: await reportWith(), alreadyReceived: false };

  // The raw copy is written while the rows are encoded to Parquet: the one waits on the disk or
  // the network (or is a copy within the storage), the other on the CPU. Both settle before
  // anything else happens.
  // The raw copy is made through the same checked source as the reads that validated and hashed
  // it: a file rewritten since fails here (SourceChangedError), before anything is committed.
  const [rawCopy, rowFiles] = await Promise.allSettled([
    putSource(store, rawKey, digesting.source),
    accepted && accepted.length > 0
      ? writeSubmissionRows(store, contract, {
          submissionId,
          receivedAt: request.receivedAt,
          status,
          rows: accepted,
        })
      : Promise.resolve([]),
  ]);
  if (rawCopy.status === 'rejected') {
    // Rows of bytes that were never kept are not left behind for a later run to find.
    if (rawCopy.reason instanceof SourceChangedError && rowFiles.status === 'fulfilled') {
      for (const key of rowFiles.value) await store.delete(key);
    }
    throw rawCopy.reason;
  }
  if (rowFiles.status === 'rejected') throw rowFiles.reason;
  const written = rowFiles.value;
  if (retrying) await removeRowsOfEarlierAttempt(store, contract, submissionId, written);
  await deps.turn?.();
  const report = await reportWith();
  // The quarantine and the two reports depend on nothing but the rows: written at once, each
  // waiting on the disk or the network while the next is started (a back-load's per-file cost).
  // All settle before the ledger record, and the first failure is the ingest's.
  const writes = await Promise.allSettled([
    submission.quarantine_key && quarantined
      ? store.putStream(submission.quarantine_key, quarantined.csv())
      : retrying
        ? store.delete(keys.quarantine(submissionId))
        : Promise.resolve(),
    store.put(submission.report_json_key, `${JSON.stringify(report, null, 2)}\n`),
    store.put(submission.report_html_key, reportHtml(report)),
  ]);
  const failed = writes.find((w) => w.status === 'rejected');
  if (failed) throw failed.reason;
  // The ledger record is written last: a submission exists only once everything it points to does.
  await store.put(keys.ledger(submissionId), `${JSON.stringify(submission)}\n`);
  // Only then is a council feed's table rebuilt, so the views never show uncommitted rows.
  if (isMerged(contract) && written.length > 0) await refreshMergedTable(store, contract);
  if (contract.type === 'monthly-return') deps.firstMonths?.committed(periods);
  return { submission, report, alreadyReceived: false };
}

/**
 * The record a lake written before ids were per sender and type keeps for these bytes (its id is
 * their SHA-256 alone), when it is of this sender and type: the same submission, already received.
 */
async function legacyRecord(
  store: ObjectStore,
  request: IngestRequest,
  sha256: string,
): Promise<Submission | null> {
  const record = await getJson<Submission>(store, keys.ledger(legacySubmissionIdFor(sha256)));
  const same =
    record?.sha256 === sha256 &&
    record.input_type === request.type &&
    record.provider_id === request.submitter;
  return same ? record : null;
}

async function loadDirectory(
  store: ObjectStore,
  contract: InputContract,
  cache: DirectoryCache | undefined,
  dryRun: boolean,
): Promise<ProviderDirectory | null> {
  if (
    contract.type === 'provider-register' ||
    contract.type === 'clusters' ||
    contract.type === 'cqc-locations'
  ) {
    return null;
  }
  // A register ingest that died after its commit and before rebuilding the table left the table
  // stale: the committed register is what counts. Rebuilt here (a dry run writes nothing: it
  // reads the committed register's rows instead).
  const register = contracts['provider-register'];
  if (!(await mergedTableIsCurrent(store, register))) {
    if (dryRun) return directoryOfRows(await committedMergedRows(store, register));
    await refreshMergedTable(store, register);
  }
  // The register as the views show it (readCurated's files): rebuilt only from committed
  // submissions, and one read. Only the two id columns are decoded: the whole register as row
  // objects took seconds and a few hundred MB for a national register.
  const objects = await tableFiles(store, contracts['provider-register']);
  // A kept directory is current while the register files are: known from their listed versions
  // where the store gives them (S3's ETags), with no read at all (a warm ingest Lambda no longer
  // GETs the register on every invocation), else from the SHA-256 of their bytes.
  const listed = objects.every((object) => object.version !== undefined)
    ? objects.map((object) => `${object.key} ${object.version}`).join('\n')
    : null;
  const read = async () => {
    const files: { key: string; bytes: Uint8Array }[] = [];
    for (const object of objects) {
      const bytes = await store.get(object.key);
      if (bytes) files.push({ key: object.key, bytes });
    }
    return files;
  };
  const digested = listed === null && cache ? await read() : null;
  const version = listed ?? (digested ? digestVersion(digested) : '');
  const kept = cache?.get(version);
  if (kept !== undefined) return kept;
  let directory: ProviderDirectory | null = null;
  for (const { bytes } of digested ?? (await read())) {
    const [providers, branches] = (await decodeParquetColumns(bytes, [
      'provider_id',
      'branch_id',
    ])) as string[][];
    if (providers!.length > 0) directory = providerDirectory(providers!, branches!, directory ?? undefined);
  }
  cache?.set(version, directory);
  return directory;
}

function directoryOfRows(rows: readonly Row[]): ProviderDirectory | null {
  if (rows.length === 0) return null;
  return providerDirectory(
    rows.map((row) => row.provider_id as string),
    rows.map((row) => row.branch_id as string),
  );
}

/** The register files' keys and the SHA-256 of their bytes. */
function digestVersion(files: readonly { key: string; bytes: Uint8Array }[]): string {
  return files.map((f) => `${f.key} ${createHash('sha256').update(f.bytes).digest('hex')}`).join('\n');
}

/**
 * Under `first_month: auto`, a monthly return whose accepted months come before the earliest month
 * of every return committed so far moves the lake's first month back: the sender is told
 * (a notice, which changes neither the status nor any score). The lake's first return moves nothing.
 */
async function backDatedNotices(
  store: ObjectStore,
  contract: InputContract,
  periods: readonly string[],
  firstMonths: FirstMonthSoFar | undefined,
): Promise<string[]> {
  if (contract.type !== 'monthly-return' || periods.length === 0) return [];
  const fromLake = () => earliestCommittedPeriod(store, contract);
  const lakeFirst = firstMonths ? await firstMonths.get(fromLake) : await fromLake();
  if (lakeFirst === null) return [];
  const earlier = periods.filter((p) => p < lakeFirst);
  return earlier.length > 0 ? [backDatedNotice(earlier, lakeFirst)] : [];
}

/**
 * The lake's go-live month, which provider returns are checked against: the council's
 * (settings/lake.json), else the method's `first_month`; none when that is 'auto'.
 */
async function goLiveMonth(
  store: ObjectStore,
  contract: InputContract,
  method: MethodConfig,
): Promise<string | null> {
  if (contract.type !== 'monthly-return' && contract.type !== 'self-assessment') return null;
  const setting = (await readLakeSettings(store))?.first_month ?? method.first_month;
  return setting === 'auto' ? null : setting;
}
