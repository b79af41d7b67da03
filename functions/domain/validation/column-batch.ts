// Rows kept column by column, as accepted rows hold them and the lake writes them to Parquet.
import type { StringDictionary } from './string-dictionary.ts';

/**
 * One column of a batch: numbers in typed arrays, strings as ids into a dictionary of distinct
 * values (a string id of -1 is null). `nulls`, when present, is 1 where the value is null. Dates
 * are days since the epoch; timestamps are ms.
 */
export type ColumnVector =
  | { type: 'string'; ids: Int32Array; dictionary: StringDictionary }
  | { type: 'int' | 'date'; values: Int32Array; nulls: Uint8Array | null }
  | { type: 'double' | 'timestamp'; values: Float64Array; nulls: Uint8Array | null }
  | { type: 'boolean'; values: Uint8Array; nulls: Uint8Array | null };

export interface ColumnBatch {
  length: number;
  vectors: Record<string, ColumnVector>;
}
