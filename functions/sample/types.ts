// The generator's public shapes: files as a provider or commissioner would upload them.

export type InputType =
  | 'monthly-return'
  | 'self-assessment'
  | 'provider-register'
  | 'clusters'
  | 'cqc-locations'
  | 'sanctions'
  | 'offers'
  | 'commissioned-hours'
  | 'intelligence';

export interface GeneratedFile {
  /** Relative path, e.g. 'providers/P001/monthly-return/P001-2025-03.csv'. */
  path: string;
  type: InputType;
  /** Provider id, or 'council' for council feeds. */
  provider: string;
  receivedAt: Date;
  /** Text (UTF-8 when written), or bytes for the file that is deliberately not UTF-8. */
  content: string | Uint8Array;
}

interface CountySummary {
  providers: number;
  months: number;
  firstMonth: string;
  lastMonth: string;
  /** Plain-English list of everything planted for the pipeline to find. */
  incidents: string[];
}

export interface GeneratedCounty {
  /** In receipt order, council feeds first. */
  files: GeneratedFile[];
  /** Columns file,type,provider,received_at; one row per file, in the order of `files`. */
  manifestCsv: string;
  /** An instant after the last month's returns were due. */
  asOf: Date;
  summary: CountySummary;
}

export interface CountyOptions {
  /** Number of providers (default 80). */
  providers?: number;
  /** Months of returns, ending at endMonth (default 12). */
  months?: number;
  seed?: number;
  /** Last month with returns, 'YYYY-MM' (default '2025-12'), so output never depends on today. */
  endMonth?: string;
}
