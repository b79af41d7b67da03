export { cqcColumns } from './cqc.ts';
export { detectFormat } from './detect.ts';
export { FileRejectedError, type FileRejectionCode } from './errors.ts';
export { normaliseHeader } from './header.ts';
export {
  defaultReadLimits,
  IngestLimitsError,
  type LimitSetting,
  limitSettings,
  limitValue,
  loadIngestLimits,
  type ReadLimits,
  resolveLimits,
  settingRule,
} from './limits.ts';
export { type OpenRecordsOptions, openRecords } from './open-records.ts';
export { type ByteSource, bytesSource } from './source.ts';
export type { Cell, FileNotice, RawRow, RecordFormat, RecordReader } from './types.ts';
