// The encoder thread (see parquet-encoder-thread.ts, and parquet-encoder-messages.ts for what is
// said): digests a local file, and turns the Arrow IPC batches it is sent into Parquet files, one
// per stream, while the main thread goes on validating. Plain JavaScript that imports only
// parquet-wasm, whose module it is given compiled: started through tsx, with the TypeScript it
// would import, it took ~0.45 s longer to give its digest, busy on the core it is meant to free.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as parquet from 'parquet-wasm/esm';

parquet.initSync({ module: workerData.wasm });

/** The writer as parquet.ts's writerProperties builds it from the same settings. */
function writerProperties({ compression, maxRowGroupSize, plainColumns }) {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression[compression])
    .setMaxRowGroupSize(maxRowGroupSize);
  for (const column of plainColumns) builder = builder.setColumnDictionaryEnabled(column, false);
  return builder.build();
}

/**
 * A file's stream. IPC batches wait in a queue as sent, and each is read into WebAssembly memory
 * only when the writer asks for more: WebAssembly memory never shrinks, so batches sent faster
 * than they are encoded wait in JavaScript, where their memory is freed once they are read.
 */
function openStream(settings) {
  const queue = [];
  let waiting = null;
  let closed = false;
  const next = () =>
    queue.length > 0 || closed ? Promise.resolve(queue.shift() ?? null) : new Promise((r) => (waiting = r));
  const batches = new ReadableStream({
    async pull(controller) {
      const ipc = await next();
      if (ipc === null) {
        controller.close();
        return;
      }
      const table = parquet.Table.fromIPCStream(ipc);
      // The batch is in WebAssembly memory now: its buffer goes back to hold a later one, so
      // neither thread keeps touching fresh memory for each batch.
      parentPort.postMessage({ type: 'spent', buffer: ipc.buffer }, [ipc.buffer]);
      for (const batch of table.recordBatches()) controller.enqueue(batch);
      table.free();
    },
  });
  const pieces = (async () => {
    const out = [];
    const output = await parquet.transformParquetStream(batches, writerProperties(settings));
    for await (const piece of output) out.push(piece);
    return out;
  })();
  const wake = (ipc) => {
    const resolve = waiting;
    waiting = null;
    resolve(ipc);
  };
  return {
    push(ipc) {
      if (waiting) wake(ipc);
      else queue.push(ipc);
    },
    close() {
      closed = true;
      if (waiting) wake(null);
    },
    /** Closes the stream with what is waiting unread: the job is dropped. */
    drop() {
      queue.length = 0;
      this.close();
    },
    pieces,
  };
}

/** Each job's streams, numbered from 0 in the order opened. */
const jobs = new Map();

function failed(job, error) {
  if (!jobs.delete(job)) return; // dropped already: nobody is waiting for it
  parentPort.postMessage({
    type: 'failed',
    job,
    message: error instanceof Error ? error.message : String(error),
  });
}

async function digest(job, path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk);
  parentPort.postMessage({ type: 'digest', job, sha256: hash.digest('hex') });
}

async function finish(job, streams) {
  for (const stream of streams) stream.close();
  const files = await Promise.all(streams.map((s) => s.pieces));
  if (!jobs.delete(job)) return;
  // Each piece's buffer moves to the main thread rather than being copied; a view into a larger
  // buffer is copied first, so nothing else is moved with it.
  const owned = files.map((pieces) =>
    pieces.map((p) => (p.byteOffset === 0 && p.byteLength === p.buffer.byteLength ? p : p.slice())),
  );
  parentPort.postMessage(
    { type: 'files', job, files: owned },
    owned.flat().map((p) => p.buffer),
  );
}

parentPort.on('message', (message) => {
  const { job } = message;
  try {
    switch (message.type) {
      case 'begin':
        jobs.set(job, []);
        digest(job, message.path).catch((error) => failed(job, error));
        break;
      case 'open': {
        const stream = openStream(message.settings);
        stream.pieces.catch((error) => failed(job, error));
        jobs.get(job)?.push(stream);
        break;
      }
      case 'batch':
        jobs.get(job)?.[message.stream]?.push(message.ipc);
        break;
      case 'finish': {
        const streams = jobs.get(job);
        if (streams) finish(job, streams).catch((error) => failed(job, error));
        break;
      }
      case 'discard':
        for (const stream of jobs.get(job) ?? []) stream.drop();
        jobs.delete(job);
        break;
    }
  } catch (error) {
    failed(job, error);
  }
});
