// Curated Parquet encoded on another thread while the file is still being read and validated.
// Encoding a large return took as long as validating it, one after the other on one thread. Every
// curated row carries its submission's id and status, which are only certain once the whole file
// is read: the id is the file's SHA-256, which the encoder takes on a read of its own, and the
// status is foreseen from the rows so far. If either turns out otherwise (or the file is refused,
// or was received before), what was encoded is dropped and the rows are encoded as before. The
// files are the very bytes the one-thread path writes (early-encoding.test.ts compares them).

import type { InputContract } from '../contracts/index.ts';
import { type CuratedBatch, curatedSchema, isMerged, withSubmissionColumns } from '../lake/curated.ts';
import type { TableSchema } from '../lake/parquet.ts';
import { batchIpc, type ColumnBatch, plainColumnsOf, sampleRows } from '../lake/parquet-stream.ts';
import type { ByteSource } from '../parsing/index.ts';
import type { AcceptedRows } from './accepted-rows.ts';
import { decideStatus, type SubmissionStatus, submissionIdFor } from './submission.ts';
import type { RowOutcome } from './validate-rows.ts';

/** Encodes Parquet files off the main thread (the CLI gives one; a Lambda, with ~1 vCPU, does not). */
export interface ParquetEncoder {
  /** A job for this source, or null when it is not worth one (small, or not a local file). */
  begin(source: ByteSource): EncodingJob | null;
}

/** One source's files: each stream is one Parquet file, fed Arrow IPC batches in order. */
export interface EncodingJob {
  /** The source's SHA-256, from the encoder's own read of it. */
  readonly sha256: Promise<string>;
  /** A new file, its columns in `plainColumns` written without a dictionary; gives its stream id. */
  open(plainColumns: readonly string[]): number;
  /** Room for an IPC batch of `bytes`, in memory the encoder has given back when it can. */
  room(bytes: number): Uint8Array;
  /** Hands `ipc` over: the caller no longer uses it. */
  send(stream: number, ipc: Uint8Array): void;
  /** Every stream's Parquet file, in row-group pieces, in the order opened. */
  finish(): Promise<Uint8Array[][]>;
  /** Drops whatever was sent. */
  discard(): void;
}

/** Accepted rows go to the job a block at a time, as each block fills. */
export class EarlyEncoding {
  private readonly schema: TableSchema;
  private readonly byPeriod: boolean;
  private readonly streams = new Map<string | null, number>();
  /**
   * A period's first batches, held until they show which columns to write without a dictionary
   * (plainColumnsOf looks at a file's first sampleRows rows, as the one-thread path does).
   */
  private readonly unopened = new Map<string | null, ColumnBatch[]>();
  private digest: string | null = null;
  /** The status the rows are stamped with: foreseen when the first block is sent. */
  private status: string | null = null;
  private sent = 0;
  private ended = false;

  constructor(
    private readonly job: EncodingJob,
    contract: InputContract,
    private readonly receivedAt: Date,
  ) {
    this.schema = curatedSchema(contract);
    this.byPeriod = !isMerged(contract);
    // Without a digest no row is sent, and finish() falls back to encoding on this thread.
    job.sha256.then(
      (sha256) => (this.digest = sha256),
      () => {},
    );
  }

  /** Called after each row: sends the blocks that have filled, once the digest is known. */
  afterRow(outcome: RowOutcome, fileWarnings: number): void {
    if (this.digest === null || outcome.accepted.fullBlocks === this.sent) return;
    if (this.status === null) this.status = foreseenStatus(outcome, fileWarnings);
    while (this.sent < outcome.accepted.fullBlocks) this.sendBlock(outcome.accepted, this.sent++);
  }

  /**
   * The encoded files by period, if the rows were stamped as they should be: the file's digest
   * (`sha256`, which the read for validation took) and the batch's status are as foreseen.
   * Otherwise null, and the job is dropped.
   */
  async finish(sha256: string, batch: CuratedBatch): Promise<Map<string | null, Uint8Array[]> | null> {
    // On a busy machine the file may be read before the thread's digest comes: the rows then go
    // now, stamped with the status as it is, and the thread encodes them while this one waits.
    this.digest ??= await this.job.sha256.catch(() => null);
    if (this.sent === 0) this.status = batch.status;
    if (this.digest !== sha256 || this.status !== batch.status) {
      this.discard();
      return null;
    }
    this.ended = true;
    while (this.sent < batch.rows.blockCount) this.sendBlock(batch.rows, this.sent++);
    for (const period of [...this.unopened.keys()]) this.open(period);
    const files = await this.job.finish();
    return new Map([...this.streams].map(([period, stream]) => [period, files[stream]!]));
  }

  /** Drops the job, unless it has finished or been dropped already. */
  discard(): void {
    if (this.ended) return;
    this.ended = true;
    this.job.discard();
  }

  private sendBlock(rows: AcceptedRows, b: number): void {
    const stamp = {
      submissionId: submissionIdFor(this.digest!),
      receivedAt: this.receivedAt,
      status: this.status!,
    };
    for (const [period, rowsOfPeriod] of rows.blockBatches(b, this.byPeriod)) {
      const [batch] = withSubmissionColumns(stamp, [rowsOfPeriod]);
      const stream = this.streams.get(period);
      if (stream !== undefined) {
        this.send(stream, batch!);
        continue;
      }
      const held = this.unopened.get(period) ?? [];
      held.push(batch!);
      this.unopened.set(period, held);
      if (held.reduce((rows, h) => rows + h.length, 0) >= sampleRows) this.open(period);
    }
  }

  /** Opens a period's file and sends the batches held for it. */
  private open(period: string | null): void {
    const held = this.unopened.get(period)!;
    this.unopened.delete(period);
    const stream = this.job.open(plainColumnsOf(held, this.schema));
    this.streams.set(period, stream);
    for (const batch of held) this.send(stream, batch);
  }

  private send(stream: number, batch: ColumnBatch): void {
    this.job.send(
      stream,
      batchIpc(batch, this.schema, (bytes) => this.job.room(bytes)),
    );
  }
}

/** The submission's status if the rest of the file brings no new kind of problem. */
function foreseenStatus(outcome: RowOutcome, fileWarnings: number): SubmissionStatus {
  let warnings = fileWarnings;
  for (const problem of outcome.problems) if (problem.severity === 'warning') warnings++;
  return decideStatus({
    fileRejected: false,
    rowsAccepted: outcome.accepted.length,
    rowsRejected: outcome.rejected.length,
    warnings,
  });
}
