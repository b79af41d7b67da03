// A worker thread that encodes curated Parquet while the main thread reads and validates the file
// (EarlyEncoding says why). Started on the first file big enough to gain from it and kept for the
// rest of the process (a manifest run), not holding the process open between jobs.
import { Worker } from 'node:worker_threads';
import type { EncodingJob, ParquetEncoder } from '../core/ingest/early-encoding.ts';
import { writerSettings } from '../core/lake/parquet.ts';
import { parquetWasmModule } from '../core/lake/parquet-wasm.ts';
import type { ByteSource } from '../core/parsing/index.ts';
import type { FromEncoder, ToEncoder } from './parquet-encoder-messages.ts';

/**
 * Files smaller than this are encoded on the main thread: starting the thread (~0.3 s of CPU on
 * the other core) and its encoder gain nothing on a file that validates in a fraction of that.
 */
export const earlyEncodingMinBytes = 16 * 1024 * 1024;

/** Batch buffers kept for reuse: a few are in flight at a time. */
const keptBuffers = 4;

interface Waiting<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

interface JobState {
  digest: Waiting<string>;
  files: Waiting<Uint8Array[][]> | null;
  /** Why the job failed, if it did before anyone asked for its files. */
  error: Error | null;
}

export class ParquetEncoderThread implements ParquetEncoder {
  private thread: Promise<Worker> | null = null;
  private lastJob = 0;
  private readonly jobs = new Map<number, JobState>();
  /** Batch buffers the thread gave back, for later batches. */
  private readonly spent: ArrayBuffer[] = [];

  constructor(private readonly minBytes = earlyEncodingMinBytes) {}

  begin(source: ByteSource): EncodingJob | null {
    const location = source.location;
    if (location?.kind !== 'file' || source.size < this.minBytes) return null;
    const thread = this.started();
    const job = ++this.lastJob;
    let digest!: Waiting<string>;
    const sha256 = new Promise<string>((resolve, reject) => (digest = { resolve, reject }));
    // A failure rejects the digest too, if it is still awaited; finish() reports it in any case.
    sha256.catch(() => {});
    const state: JobState = { digest, files: null, error: null };
    this.jobs.set(job, state);
    // Messages go once the thread is up, in the order told; a thread that could not start fails the job.
    const tell = (message: ToEncoder, transfer: ArrayBuffer[] = []) =>
      void thread.then(
        (worker) => worker.postMessage(message, transfer),
        (error: Error) => this.fail(state, error),
      );
    const end = () => {
      this.jobs.delete(job);
      if (this.jobs.size === 0)
        void thread.then(
          (worker) => worker.unref(),
          () => {},
        );
    };
    // The process waits for the thread only while a job is under way.
    void thread.then(
      (worker) => worker.ref(),
      () => {},
    );
    tell({ type: 'begin', job, path: location.path });
    let streams = 0;
    return {
      sha256,
      open(plainColumns) {
        tell({ type: 'open', job, stream: streams, settings: writerSettings(plainColumns) });
        return streams++;
      },
      room: (bytes) => this.room(bytes),
      send(stream, ipc) {
        // Only a buffer of the batch's own moves; one shared with anything else is copied.
        const own = ipc.byteOffset === 0 && ipc.buffer instanceof ArrayBuffer;
        tell({ type: 'batch', job, stream, ipc }, own ? [ipc.buffer as ArrayBuffer] : []);
      },
      finish() {
        const files = new Promise<Uint8Array[][]>((resolve, reject) => (state.files = { resolve, reject }));
        if (state.error) state.files!.reject(state.error);
        else tell({ type: 'finish', job });
        return files.finally(end);
      },
      discard() {
        tell({ type: 'discard', job });
        end();
      },
    };
  }

  /** Stops the thread; a job under way fails. */
  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    await thread?.then(
      (worker) => worker.terminate(),
      () => {},
    );
  }

  private started(): Promise<Worker> {
    this.thread ??= parquetWasmModule.then((wasm) => this.spawned(wasm));
    return this.thread;
  }

  private spawned(wasm: WebAssembly.Module): Worker {
    const worker = new Worker(new URL('./parquet-encoder-worker.mjs', import.meta.url), {
      workerData: { wasm },
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (message: FromEncoder) => {
      if (message.type === 'spent') {
        if (this.spent.length < keptBuffers) this.spent.push(message.buffer);
        return;
      }
      const state = this.jobs.get(message.job);
      if (!state) return; // a dropped job's late answer
      if (message.type === 'digest') state.digest.resolve(message.sha256);
      else if (message.type === 'files') state.files?.resolve(message.files);
      else this.fail(state, new Error(`encoding Parquet on its thread failed: ${message.message}`));
    });
    const lost = (error: Error) => {
      this.thread = null;
      for (const state of this.jobs.values()) this.fail(state, error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the Parquet encoding thread stopped (exit code ${code})`)));
    return worker;
  }

  /** A buffer given back if one is large enough, else a new one with room to spare for the next. */
  private room(bytes: number): Uint8Array {
    const at = this.spent.findIndex((buffer) => buffer.byteLength >= bytes);
    const buffer = at >= 0 ? this.spent.splice(at, 1)[0]! : new ArrayBuffer(Math.ceil(bytes * 1.25));
    return new Uint8Array(buffer, 0, bytes);
  }

  private fail(state: JobState, error: Error): void {
    state.error ??= error;
    state.digest.reject(error);
    state.files?.reject(error);
  }
}
