import { openCqc } from './cqc.ts';
import { openCsv } from './csv.ts';
import { detectFormat, peekBytes } from './detect.ts';
import { FileRejectedError } from './errors.ts';
import { openJson } from './json.ts';
import { formatBytes, type ReadLimits, resolveLimits } from './limits.ts';
import type { ByteSource } from './source.ts';
import type { RecordReader } from './types.ts';
import { openXlsx } from './xlsx.ts';

export interface OpenRecordsOptions {
  format?: RecordReader['format'];
  /** The input type; a sheet of that name wins over the first sheet of a workbook. */
  sheetName?: string;
  limits?: Partial<ReadLimits>;
}

/**
 * Opens a source for reading as records. The size limit is checked before any byte is read;
 * the header (and the first data row, so an empty file fails here) is read before returning.
 */
export async function openRecords(source: ByteSource, opts: OpenRecordsOptions = {}): Promise<RecordReader> {
  const limits = resolveLimits(opts.limits);
  if (source.size > limits.maxBytes) {
    throw new FileRejectedError(
      'TOO_LARGE',
      `The file is ${formatBytes(source.size)}, larger than the limit of ${formatBytes(limits.maxBytes)}; split it into smaller files.`,
    );
  }
  if (source.size === 0) throw new FileRejectedError('EMPTY', 'The file has no data rows; it is empty.');
  let format = opts.format;
  if (format === undefined) {
    // Unknown extensions are read as CSV, the format most uploads are in.
    format = detectFormat(source.name, await peekBytes(() => source.open(), 512)) ?? 'csv';
  }
  switch (format) {
    case 'csv':
      return openCsv(source, limits);
    case 'json':
      return openJson(source, limits);
    case 'cqc':
      return openCqc(source, limits);
    case 'xlsx':
      return openXlsx(source, limits, opts.sheetName);
    default:
      throw new FileRejectedError('UNKNOWN_FORMAT', 'The file is not CSV, Excel (.xlsx) or JSON.');
  }
}
