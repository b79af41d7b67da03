// carescore ingest FILE… | --manifest FILE.csv: every file gets an outcome, one line each.
import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { type InputSource, inputSource, SpoolLimitError } from '../../adapters/fs-source.ts';
import { contracts, type InputType, inputTypes, isInputType } from '../../domain/contracts/index.ts';
import { bytesSource, openRecords, type ReadLimits, resolveLimits } from '../../domain/formats/index.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { DirectoryCache } from '../../domain/validation/reference-data.ts';
import { compactLake } from '../../lake/compaction.ts';
import { isMerged } from '../../lake/curated.ts';
import type { ObjectStore } from '../../lake/object-store.ts';
import { FirstMonthSoFar } from '../../pipeline/ingest/first-month-so-far.ts';
import { type IngestResult, ingestFile } from '../../pipeline/ingest/ingest-file.ts';
import { ingestInOrder } from '../../pipeline/ingest/ingest-in-order.ts';
import { SourceChangedError } from '../../pipeline/ingest/source-digest.ts';
import {
  type Invocation,
  limitsFromFlags,
  type Output,
  openLake,
  parsePastInstant,
  UsageError,
  type Values,
} from '../args.ts';
import { UserFacingError } from '../errors.ts';
import { fileErrorHint } from '../file-error-hint.ts';
import { terminalSafe } from '../terminal-text.ts';
import { compactionLine } from './compact.ts';

export interface IngestJob {
  path: string;
  type: InputType;
  submitter: string;
  receivedAt: Date;
}

/** A job from a manifest, with the number of its row there (the header is row 1). */
export interface ManifestJob extends IngestJob {
  row: number;
}

/** A manifest row that names no file or no valid type: skipped, with why. */
interface SkippedRow {
  row: number;
  reason: string;
}

/** A manifest's rows: the jobs, and the rows skipped as they were read. */
interface Manifest {
  jobs: ManifestJob[];
  skipped: SkippedRow[];
}

/** The options, by flag name; the limit flags (--max-rows, …) too. */
type IngestValues = {
  lake: string;
  type?: string;
  provider?: string;
  'received-at'?: string;
  manifest?: string;
} & Values;

export async function ingestCommand(
  { values, positionals }: Invocation<IngestValues>,
  io: Output,
): Promise<number> {
  const limits = limitsFromFlags(values);
  const store = openLake(values.lake);
  const manifest: { jobs: IngestJob[]; skipped: SkippedRow[] } = values.manifest
    ? await readManifest(values.manifest)
    : {
        jobs: positionals.map((path) => jobFor(path, values.type, values.provider, values['received-at'])),
        skipped: [],
      };
  // A manifest's rows in their order: a row skipped as it was read is named where it stands.
  const entries: (IngestJob | SkippedRow)[] = [...manifest.jobs, ...manifest.skipped].sort(
    (a, b) => ('row' in a ? a.row : 0) - ('row' in b ? b.row : 0),
  );
  if (entries.length === 0) throw new UsageError('Name at least one file to ingest, or --manifest FILE.csv.');
  // One directory for the run: a manifest's returns are checked against the register decoded once.
  const directories = new DirectoryCache();
  const firstMonths = new FirstMonthSoFar();
  const statuses = new Map<string, number>();
  let skipped = 0;
  const skip = (row: number, reason: string) => {
    skipped += 1;
    io.err(terminalSafe(`Manifest row ${row}: ${reason} Skipped; the other rows go ahead.`));
  };
  await ingestInOrder(
    entries,
    { inFlight: filesInFlight, laneOf: (entry) => ('reason' in entry ? `row ${entry.row}` : laneOf(entry)) },
    (entry, turn) =>
      'reason' in entry
        ? Promise.resolve(null)
        : ingestPath(store, entry, { limits, directories, firstMonths, lake: values.lake, turn }),
    (entry, outcome) => {
      if ('reason' in entry) return skip(entry.row, entry.reason);
      const job = entry;
      if (!outcome.ok) {
        const { error } = outcome;
        // A link out of landing/ is skipped, not the end of the run, as is a manifest row whose
        // file cannot be read.
        if (error instanceof LinkOutOfLanding && !('row' in job)) {
          skipped += 1;
          io.err(terminalSafe(`carescore ingest: ${error.message}`));
          return;
        }
        if (!('row' in job) || !(error instanceof UsageError)) throw error;
        return skip(job.row as number, error.message);
      }
      const result = outcome.value!;
      statuses.set(result.submission.status, (statuses.get(result.submission.status) ?? 0) + 1);
      io.out(terminalSafe(outcomeLine(job.path, result, values.lake)));
    },
  );
  if (values.manifest) {
    io.out(manifestSummary(entries.length, statuses, skipped));
    // A back-load writes a file per return and month: folded now, not left for every reader.
    const compacted = await compactLake(store);
    if (compacted.length > 0) io.out(compactionLine(compacted));
  }
  return skipped > 0 ? 1 : 0;
}

/**
 * Files ingested at once: each waits mostly on the disk (or S3), so a few in flight keep the CPU
 * busy; more only hold more files' rows in memory.
 */
export const filesInFlight = 6;

/** A sender's files run one after another; a council feed runs alone (ingest-in-order.ts). */
export function laneOf(job: IngestJob): string | null {
  return isMerged(contracts[job.type]) ? null : job.submitter;
}

/** `5 files: 3 accepted, 1 rejected; 1 skipped (see above)`. */
function manifestSummary(files: number, statuses: Map<string, number>, skipped: number): string {
  const counts = [...statuses].map(([status, n]) => `${n} ${status}`).join(', ') || 'none ingested';
  const skip = skipped > 0 ? `; ${skipped} skipped (see above)` : '; none skipped';
  return `${files} file${files === 1 ? '' : 's'} in the manifest: ${counts}${skip}.`;
}

/**
 * `limits` overrides config/ingest-limits.json for this file (the --max-… flags); `directories`
 * and `firstMonths` keep the provider register and the lake's first month across the files of one run.
 */
export async function ingestPath(
  store: ObjectStore,
  job: IngestJob,
  {
    limits = {},
    directories,
    firstMonths,
    lake,
    turn,
  }: {
    limits?: Partial<ReadLimits>;
    directories?: DirectoryCache;
    firstMonths?: FirstMonthSoFar;
    lake?: string;
    /** The run's order (ingest-in-order.ts). */
    turn?: () => Promise<void>;
  } = {},
): Promise<IngestResult> {
  // Piped input is spooled in the lake's folder for temporary files (the same disk as the lake).
  const input = await inputFile(job.path, lake ? join(lake, 'tmp') : tmpdir(), limits);
  try {
    return await ingestFile(
      {
        store,
        now: () => new Date(),
        method: publishedMethod(),
        ...(directories ? { directories } : {}),
        ...(firstMonths ? { firstMonths } : {}),
        ...(turn ? { turn } : {}),
      },
      { source: input.source, type: job.type, submitter: job.submitter, receivedAt: job.receivedAt, limits },
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ENOSPC') {
      throw new UserFacingError(
        `The disk holding the lake ${lake ?? 'the lake'} is full, so ${job.path} was not stored; free some space and run the ingest again.`,
      );
    }
    if (error instanceof SourceChangedError) {
      throw new UserFacingError(
        `${job.path} changed while it was being read (something was writing to it), so nothing was stored; ingest it again once it is complete.`,
      );
    }
    throw error;
  } finally {
    await input.release();
  }
}

/** A file under a landing/ folder that is a link (or under a linked folder) leading out of it. */
class LinkOutOfLanding extends UsageError {
  constructor(path: string, target: string) {
    super(
      `${path} is a link that leads out of the landing folder (to ${target}), so it was not followed and is skipped; ingest that file by its own path if it is meant to be.`,
    );
  }
}

/**
 * Where `path` really leads, when it lies under a folder named landing/ (the uploads' folder,
 * whether or not of this lake) and leads out of it; undefined otherwise. Uploads arrive there from
 * outside, so a link placed among them must not make the lake keep a file from elsewhere on the
 * machine; a path the user names anywhere else is theirs to name, link or not.
 */
async function linkOutOfLanding(path: string): Promise<string | undefined> {
  const parts = resolve(path).split(sep);
  const at = parts.lastIndexOf('landing', parts.length - 2);
  if (at < 0) return undefined;
  const target = await realpath(path).catch(() => undefined);
  const landing = await realpath(parts.slice(0, at + 1).join(sep)).catch(() => undefined);
  if (target === undefined || landing === undefined) return undefined;
  return target.startsWith(`${landing}${sep}`) ? undefined : target;
}

/**
 * A file named on the command line, or a usage error saying why it cannot be read. Piped input
 * (`/dev/stdin`, `<(…)`), which can be read only once, is first read into a spool in `spoolDir`.
 */
export async function inputFile(
  path: string,
  spoolDir: string,
  limits: Partial<ReadLimits>,
): Promise<InputSource> {
  const target = await linkOutOfLanding(path);
  if (target !== undefined) throw new LinkOutOfLanding(path, target);
  const info = await stat(path).catch(() => null);
  if (!info) throw new UsageError(`Cannot read ${path}: no such file, or it is not readable.`);
  if (info.isDirectory()) {
    throw new UsageError(
      `${path} is a folder, not a file; name the files in it (e.g. ${join(path, '*.csv')}), or list them in a --manifest.`,
    );
  }
  const readable = await access(path, constants.R_OK).then(
    () => true,
    () => false,
  );
  if (!readable)
    throw new UsageError(`Cannot read ${path}: permission denied; let this user read it (chmod u+r).`);
  const { maxBytes } = resolveLimits(limits);
  try {
    return await inputSource(path, spoolDir, maxBytes);
  } catch (error) {
    if (!(error instanceof SpoolLimitError)) throw error;
    throw new UserFacingError(
      `${path} gives more than ${formatMegabytes(maxBytes)}, the file-size limit, so it was not read; save it as a file and name that (a file over the limit is kept and rejected), or raise --max-file-mb.`,
    );
  }
}

function formatMegabytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(2))} MB`;
}

function outcomeLine(path: string, result: IngestResult, lake: string): string {
  const s = result.submission;
  const counts = `${s.rows_accepted} accepted, ${s.rows_rejected} rejected`;
  const already = result.alreadyReceived ? '  (already received; nothing changed)' : '';
  const why = s.file_error ? `  ${s.file_error.message}${fileErrorHint(s)}` : '';
  return `${path}: ${s.submission_id}  ${s.status}  ${counts}  report ${join(lake, s.report_html_key)}${already}${why}`;
}

/** Reads `landing/<provider>/<type>/<file>` (or `<provider>/<type>/<file>`) when flags are absent. */
export function jobFor(path: string, type?: string, provider?: string, receivedAt?: string): IngestJob {
  const parts = resolve(path).split(/[\\/]/);
  const typeIndex = parts.findIndex((p, i) => i < parts.length - 1 && isInputType(p));
  const inferredType = typeIndex >= 0 ? parts[typeIndex] : undefined;
  const inferredProvider = typeIndex > 0 ? parts[typeIndex - 1] : undefined;
  const finalType = type ?? inferredType;
  if (!finalType) {
    throw new UsageError(
      `Say what ${path} is with --type (one of ${inputTypes.join(', ')}), or put it under landing/<provider>/<type>/.`,
    );
  }
  if (!isInputType(finalType))
    throw new UsageError(`--type must be one of ${inputTypes.join(', ')}; got "${finalType}".`);
  const submitter =
    provider ?? (inferredType && inferredProvider !== 'landing' ? inferredProvider : undefined) ?? 'council';
  return {
    path,
    type: finalType,
    submitter,
    receivedAt: receivedAt ? parsePastInstant(receivedAt, '--received-at') : new Date(),
  };
}

/**
 * A manifest CSV: file,type,provider,received_at; a relative file is read from the manifest's folder.
 * A row with no file, or whose type, provider or time is wrong, is skipped with its reason.
 */
export async function readManifest(path: string): Promise<Manifest> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new UsageError(`Cannot read the manifest ${path}.`);
  }
  const reader = await openRecords(bytesSource(path, bytes), { format: 'csv' });
  for (const needed of ['file', 'type']) {
    if (!reader.columns.includes(needed))
      throw new UsageError(`The manifest ${path} has no "${needed}" column.`);
  }
  const jobs: ManifestJob[] = [];
  const skipped: SkippedRow[] = [];
  for await (const row of reader.rows) {
    const cell = (name: string) => {
      const v = row.cells.get(name);
      return v === null || v === undefined || String(v).trim() === '' ? undefined : String(v).trim();
    };
    const file = cell('file');
    if (!file) {
      skipped.push({
        row: row.rowNumber,
        reason: 'it names no file; put the file\'s path in its "file" column.',
      });
      continue;
    }
    try {
      const filePath = isAbsolute(file) ? file : join(dirname(path), file);
      const job = jobFor(filePath, cell('type'), cell('provider'), cell('received_at'));
      jobs.push({ ...job, row: row.rowNumber });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      skipped.push({ row: row.rowNumber, reason: error.message });
    }
  }
  return { jobs, skipped };
}
