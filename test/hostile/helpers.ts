// Shared plumbing for the hostile-input tests: every case runs through the real ingest core
// (ingestFile) against an in-memory lake that already holds a provider register.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw, inflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import type { InputType } from '../../functions/domain/contracts/index.ts';
import { type ByteSource, bytesSource, type ReadLimits } from '../../functions/domain/formats/index.ts';
import { entryData, readCentralDirectory } from '../../functions/domain/formats/zip.ts';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import type { Submission } from '../../functions/domain/submission.ts';
import type { Problem } from '../../functions/domain/validation/problem.ts';
import { type IngestResult, ingestFile } from '../../functions/pipeline/ingest/ingest-file.ts';
import { fixedNow, monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';

const corpusDir = join(import.meta.dirname, 'corpus');

/** A committed corpus file's bytes. */
export function corpus(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(corpusDir, name)));
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A lake holding the register of test/helpers/ingest.ts: P001 (1-200, 1-202), P002 (1-201). */
export async function lakeWithRegister(): Promise<MemoryObjectStore>;
export async function lakeWithRegister<S extends MemoryObjectStore>(store: S): Promise<S>;
export async function lakeWithRegister(store = new MemoryObjectStore()): Promise<MemoryObjectStore> {
  await ingestFile(
    { store, now: fixedNow, method: publishedMethod() },
    {
      source: bytesSource('register.csv', utf8(registerCsv)),
      type: 'provider-register',
      submitter: 'council',
      receivedAt: new Date('2025-01-05T10:00:00Z'),
    },
  );
  return store;
}

export interface IngestOptions {
  type?: InputType;
  submitter?: string;
  receivedAt?: string;
  limits?: Partial<ReadLimits>;
  dryRun?: boolean;
}

/** Ingests bytes (or a ready-made source) as P001's monthly return unless told otherwise. */
export function ingest(
  store: MemoryObjectStore,
  name: string,
  content: string | Uint8Array | ByteSource,
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const source =
    typeof content === 'string'
      ? bytesSource(name, utf8(content))
      : content instanceof Uint8Array
        ? bytesSource(name, content)
        : content;
  return ingestFile(
    { store, now: fixedNow, method: publishedMethod() },
    {
      source,
      type: opts.type ?? 'monthly-return',
      submitter: opts.submitter ?? 'P001',
      receivedAt: new Date(opts.receivedAt ?? '2025-02-10T10:00:00Z'),
      ...(opts.limits ? { limits: opts.limits } : {}),
    },
    opts.dryRun ?? false,
  );
}

/** monthlyRow() as a JSON record, numbers as numbers. */
export function monthlyRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const values = monthlyRow().split(',');
  const record: Record<string, unknown> = {};
  monthlyHeader.split(',').forEach((c, i) => {
    const v = values[i]!;
    record[c] = /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  });
  return { ...record, ...overrides };
}

export const errors = (problems: readonly Problem[]) => problems.filter((p) => p.severity === 'error');
export const warnings = (problems: readonly Problem[]) => problems.filter((p) => p.severity === 'warning');

/**
 * Nothing lost: the received bytes are kept unchanged under the submission's raw key, the ledger
 * holds the record (with the name as sent), and the report exists in JSON and HTML.
 */
export function expectKept(store: MemoryObjectStore, submission: Submission, bytes: Uint8Array): void {
  const raw = store.objects.get(submission.raw_key);
  expect(raw, `raw copy ${submission.raw_key}`).toBeDefined();
  expect(Buffer.compare(Buffer.from(raw!), Buffer.from(bytes))).toBe(0);
  const ledger = JSON.parse(store.text(`ledger/submissions/${submission.submission_id}.json`)) as Submission;
  expect(ledger).toEqual(submission);
  expect(store.objects.has(submission.report_json_key)).toBe(true);
  expect(store.objects.has(submission.report_html_key)).toBe(true);
  expect(submission.rows_accepted + submission.rows_rejected).toBe(submission.rows_read);
}

/** A rejected file: status, code, a message containing each fragment, nothing curated, raw kept. */
export function expectFileRejected(
  store: MemoryObjectStore,
  result: IngestResult,
  bytes: Uint8Array,
  code: string,
  ...fragments: string[]
): void {
  const s = result.submission;
  expect(s.status).toBe('rejected');
  expect(s.file_error?.code).toBe(code);
  for (const f of fragments) expect(s.file_error?.message).toContain(f);
  // The file error is the report's first problem, and the HTML shows it.
  expect(result.report.problems[0]).toMatchObject({
    severity: 'error',
    row: null,
    message: s.file_error?.message,
  });
  expect(s.rows_accepted).toBe(0);
  expect(store.keys('curated/monthly_return/')).toEqual([]);
  expectKept(store, s, bytes);
}

/** A seeded pseudo-random byte generator (xorshift32), so "random" inputs are the same every run. */
export function randomBytes(n: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sources generated at run time, never held whole in memory.

export interface CountingSource extends ByteSource {
  /** Bytes handed out by each open(), in order. */
  reads: number[];
}

/**
 * A source of `size` bytes produced lazily by `chunkAt(offset, length)`; each open() counts the
 * bytes it actually hands out, so a test can tell a peek from a full read.
 */
function lazySource(
  name: string,
  size: number,
  chunkAt: (offset: number, length: number) => Uint8Array,
  chunkSize = 256 * 1024,
): CountingSource {
  const reads: number[] = [];
  return {
    name,
    size,
    reads,
    async *open() {
      const k = reads.push(0) - 1;
      for (let at = 0; at < size; at += chunkSize) {
        const chunk = chunkAt(at, Math.min(chunkSize, size - at));
        reads[k]! += chunk.length;
        yield chunk;
      }
    },
  };
}

/** A lazy text source: `head`, then `line` repeated until `size` bytes (the last copy cut short). */
export function repeatedTextSource(name: string, head: string, line: string, size: number): CountingSource {
  const h = utf8(head);
  const l = utf8(line);
  const chunkSize = 256 * 1024;
  // The line repeated past one chunk's length, so any chunk is a slice of it at some phase.
  const run = new Uint8Array(chunkSize + l.length);
  for (let at = 0; at < run.length; at += l.length) run.set(l.subarray(0, run.length - at), at);
  return lazySource(
    name,
    size,
    (offset, length) => {
      // A fresh buffer each time, as a real stream gives: retained chunks would show in memory.
      const out = new Uint8Array(length);
      let from = 0;
      if (offset < h.length) {
        from = Math.min(length, h.length - offset);
        out.set(h.subarray(offset, offset + from));
      }
      if (from < length) {
        const phase = (offset + from - h.length) % l.length;
        out.set(run.subarray(phase, phase + length - from), from);
      }
      return out;
    },
    chunkSize,
  );
}

/**
 * A memory store that keeps only a digest, a size and the first bytes of a raw copy, as a real
 * object store streams it to disk or S3: a test can push 150 MB through it. Other streamed objects
 * (curated Parquet, quarantine) are kept whole, as later steps read them.
 */
export class StreamingStore extends MemoryObjectStore {
  readonly streamed = new Map<string, { size: number; sha256: string; head: Uint8Array }>();

  override async putStream(key: string, body: AsyncIterable<Uint8Array>): Promise<number> {
    if (!key.startsWith('raw/')) return super.putStream(key, body);
    const hash = createHash('sha256');
    let size = 0;
    let head = new Uint8Array(0);
    for await (const chunk of body) {
      hash.update(chunk);
      size += chunk.length;
      if (head.length < 1024) head = Uint8Array.from([...head, ...chunk.subarray(0, 1024 - head.length)]);
    }
    this.streamed.set(key, { size, sha256: hash.digest('hex'), head });
    return size;
  }
}

// ---------------------------------------------------------------------------------------------
// Memory: retained heap and buffers, measured after a forced garbage collection.

let gcFn: (() => void) | undefined;
async function gc(): Promise<void> {
  if (!gcFn) {
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
}

/** Live JS heap plus ArrayBuffers (where file bytes live), after a full collection. */
export async function liveBytes(): Promise<number> {
  await gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Wraps a source so that, every `every` bytes, it records live memory (after a collection):
 * the peak tells whether anything upstream is holding on to what it was given.
 */
export function sampledSource(source: ByteSource, every: number): ByteSource & { peak: () => number } {
  let peak = 0;
  return {
    name: source.name,
    size: source.size,
    peak: () => peak,
    async *open() {
      let since = 0;
      for await (const chunk of source.open()) {
        since += chunk.length;
        if (since >= every) {
          since = 0;
          peak = Math.max(peak, await liveBytes());
        }
        yield chunk;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Zip files built by hand, so a test controls every byte (and can lie about sizes).

export interface ZipPart {
  name: string;
  /** The uncompressed content, whole or as a stream of chunks. */
  data: Uint8Array | AsyncIterable<Uint8Array>;
  /** Deflate (default) or store. */
  store?: boolean;
  /** The uncompressed size to claim in the directory, if not the true one. */
  claimSize?: number;
  /** zlib level; 1 is plenty for the runs of a zip bomb, and fastest. */
  level?: number;
}

async function deflatePart(
  data: Uint8Array | AsyncIterable<Uint8Array>,
  level: number,
): Promise<{ bytes: Buffer; size: number; crc: number }> {
  let size = 0;
  let crc = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    if (data instanceof Uint8Array) {
      size = data.length;
      crc = crc32(data);
      yield data;
      return;
    }
    for await (const chunk of data) {
      size += chunk.length;
      crc = crc32(chunk, crc);
      yield chunk;
    }
  }
  const out: Buffer[] = [];
  const deflater = Readable.from(counted(), { objectMode: false }).pipe(createDeflateRaw({ level }));
  for await (const chunk of deflater) out.push(chunk as Buffer);
  return { bytes: Buffer.concat(out), size, crc };
}

/** A zip archive of the parts, in order, with a central directory. */
export async function buildZip(parts: readonly ZipPart[]): Promise<Uint8Array> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    let bytes: Buffer;
    let size: number;
    let crc: number;
    if (part.store && part.data instanceof Uint8Array) {
      bytes = Buffer.from(part.data);
      size = part.data.length;
      crc = crc32(part.data);
    } else {
      ({ bytes, size, crc } = await deflatePart(part.data, part.level ?? 6));
    }
    const method = part.store ? 0 : 8;
    const claimed = part.claimSize ?? size;
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(bytes.length, 18);
    local.writeUInt32LE(claimed, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(bytes.length, 20);
    entry.writeUInt32LE(claimed, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, bytes);
    central.push(entry, name);
    offset += local.length + name.length + bytes.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** The parts of a zip (an exceljs workbook, say), inflated, in their order. */
export async function unzip(bytes: Uint8Array): Promise<{ name: string; data: Uint8Array }[]> {
  const source = bytesSource('x.zip', bytes);
  const entries = await readCentralDirectory(source);
  const chunks = new Map<string, Uint8Array[]>();
  for await (const { entry, chunk } of entryData(source, entries)) {
    chunks.set(entry.name, [...(chunks.get(entry.name) ?? []), chunk]);
  }
  return entries.map((e) => {
    const raw = Buffer.concat(chunks.get(e.name) ?? []);
    return { name: e.name, data: new Uint8Array(e.method === 0 ? raw : inflateRawSync(raw)) };
  });
}

/** `times` copies of `chunk` between `head` and `tail`, streamed. */
export async function* repeated(
  head: string,
  chunk: Uint8Array,
  times: number,
  tail: string,
): AsyncGenerator<Uint8Array> {
  yield utf8(head);
  for (let i = 0; i < times; i++) yield chunk;
  yield utf8(tail);
}
