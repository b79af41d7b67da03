export type Cell = string | number | boolean | Date | null;

/**
 * One record as read. `cells` is keyed by normalised column name (a Map, so keys such as
 * `__proto__` are plain data). `rowNumber` is the number a person sees in the file.
 */
export interface RawRow {
  rowNumber: number;
  cells: Map<string, Cell>;
  /**
   * CSV only: the values as read, in the reader's `columns` order and then any beyond the
   * header, '' when empty. Validation reads these by position, so the CSV reader builds `cells`
   * only when asked: a Map per row was the largest cost of ingesting a big file.
   */
  fields?: readonly string[];
  /** Why the row cannot be read as it stands; `column` when one value is to blame. */
  problem?: { code: string; message: string; column?: string };
}

/** A file-level warning, e.g. ENCODING_GUESSED. */
export interface FileNotice {
  code: string;
  message: string;
  column?: string;
}

export interface RecordReader {
  format: 'csv' | 'xlsx' | 'json' | 'cqc';
  encoding: 'utf-8' | 'windows-1252' | null;
  header: string[];
  columns: string[];
  rows: AsyncIterable<RawRow>;
  warnings: FileNotice[];
}

export type RecordFormat = RecordReader['format'];
