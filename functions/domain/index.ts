// The domain's public entry, for use outside this repository's Node code: a web app validates a
// provider's file in the browser with the very code ingest runs. Everything here runs unchanged in
// Node and in a browser (test/domain/browser-bundle.test.ts bundles it for the browser and runs it
// in Chromium). Storage, Parquet, the Lambdas and the CLI are other layers, and not exported here.

// What each input type is: its columns, their rules, who sends it.
export {
  type CheckContext,
  columnsOf,
  contracts,
  type InputContract,
  type InputType,
  inputTypes,
  isInputType,
  optionalColumnsOf,
  type RowIssue,
} from './contracts/index.ts';

// Reading a file as records: CSV, XLSX, JSON and CQC documents, detected or named.
export {
  type ByteSource,
  bytesSource,
  type Cell,
  defaultReadLimits,
  detectFormat,
  type FileNotice,
  FileRejectedError,
  type FileRejectionCode,
  type OpenRecordsOptions,
  openRecords,
  type RawRow,
  type ReadLimits,
  type RecordFormat,
  type RecordReader,
  resolveLimits,
} from './formats/index.ts';

// The method: its configuration and the scoring engine.
export { loadMethodConfig, type MethodConfig, MethodConfigError } from './method/config.ts';
export type { ScoringInputs } from './method/inputs.ts';
export { currentMethodVersion, publishedMethod } from './method/published.ts';
export type { ScoringResults } from './method/results.ts';
export { type ScoreOptions, scoreProviders } from './method/score.ts';
// Periods ('YYYY-MM') and the London calendar they are judged on.
export { InvalidPeriodError, isPeriod, type Period, parsePeriod } from './period.ts';
// The record of one received file, and its status.
export { decideStatus, type Submission, type SubmissionStatus } from './submission.ts';
export { addMonths, londonDate, londonMonth, monthEndDate, periodIndex } from './time/london.ts';

// Validating a file, whole (as ingest does) or row by row, and what the sender is told.
export type { Problem } from './validation/problem.ts';
export { type ProviderDirectory, providerDirectory } from './validation/reference-data.ts';
export { buildReport, maxListedProblems, type SubmissionReport } from './validation/submission-report.ts';
export { type FileToValidate, type FileValidation, validateFile } from './validation/validate-file.ts';
export {
  isRawRowBlank,
  missingColumns,
  type RowContext,
  type RowOutcome,
  RowValidator,
  unknownColumns,
} from './validation/validate-rows.ts';
