// What ParquetEncoderThread and its worker (parquet-encoder-worker.mjs) say to each other. Every
// message about a job names it, so a late answer about a dropped job is told apart from the
// current one's.

import type { WriterSettings } from '../core/lake/parquet.ts';

export type ToEncoder =
  | { type: 'begin'; job: number; path: string }
  | { type: 'open'; job: number; stream: number; settings: WriterSettings }
  | { type: 'batch'; job: number; stream: number; ipc: Uint8Array }
  | { type: 'finish'; job: number }
  | { type: 'discard'; job: number };

export type FromEncoder =
  | { type: 'digest'; job: number; sha256: string }
  | { type: 'files'; job: number; files: Uint8Array[][] }
  /** A batch's buffer, given back once read, to hold a later batch. */
  | { type: 'spent'; buffer: ArrayBuffer }
  | { type: 'failed'; job: number; message: string };
