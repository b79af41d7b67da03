// A received file read and validated: every row accepted or rejected, every problem named. The
// same steps whether ingest runs it in a Lambda or on a laptop, or a browser checks a file first.

import { appendAll } from '../append-all.ts';
import type { InputContract } from '../contracts/index.ts';
import {
  type ByteSource,
  detectFormat,
  FileRejectedError,
  openRecords,
  type ReadLimits,
  type RecordFormat,
  type RecordReader,
} from '../formats/index.ts';
import { londonMonth } from '../time/london.ts';
import type { Problem } from './problem.ts';
import { Quarantine } from './quarantine.ts';
import type { ProviderDirectory } from './reference-data.ts';
import { isRawRowBlank, missingColumns, RowValidator, unknownColumns } from './validate-rows.ts';

export interface FileToValidate {
  source: ByteSource;
  /** The submitting provider's id, or 'council'. */
  submitter: string;
  receivedAt: Date;
  limits?: Partial<ReadLimits>;
  /** The lake's go-live month ('YYYY-MM', METHODOLOGY §8): provider returns for earlier months are rejected. */
  firstMonth?: string;
}

/** What reading and validating a file came to. */
export interface FileValidation {
  reader: RecordReader | null;
  validator: RowValidator | null;
  problems: Problem[];
  fileError: { code: string; message: string } | null;
  /**
   * The rows to keep in quarantine, with their reasons: those rejected one by one, or, when the
   * file is rejected whole, every row read before that (each with the file's reason too).
   */
  quarantine: Quarantine | null;
}

/**
 * Reads a file as records of `contract` and validates every row: the file-level checks (who may
 * send it, its size and shape, missing columns) and then each row. A file rejected whole has a
 * `fileError`, and its message first among the problems. Ingest calls this, and so can a browser.
 */
export async function validateFile(
  contract: InputContract,
  request: FileToValidate,
  directory: ProviderDirectory | null,
): Promise<FileValidation> {
  const problems: Problem[] = [];
  let options: OpenOptions | null = null;
  const fail = async (
    code: string,
    message: string,
    reader: RecordReader | null,
    validator: RowValidator | null,
  ): Promise<FileValidation> => {
    problems.unshift({ severity: 'error', row: null, column: null, value: null, message });
    // What was read of a file rejected whole is kept in quarantine all the same, with the reason.
    const rowsRead = validator?.outcome.rowsRead ?? 0;
    const quarantine =
      reader && options && rowsRead > 0
        ? await rowsReadBefore(contract, request, directory, options, reader.columns, rowsRead, message)
        : null;
    return { reader, validator, problems, fileError: { code, message }, quarantine };
  };

  if (contract.owner === 'council' && request.submitter !== 'council') {
    return fail(
      'NOT_PERMITTED',
      `Only the council can send ${contract.type} files; ${request.submitter} cannot.`,
      null,
      null,
    );
  }
  if (contract.owner === 'provider' && request.submitter === 'council') {
    return fail(
      'NO_PROVIDER',
      `A ${contract.type} file must be sent by a provider: say which provider sends it.`,
      null,
      null,
    );
  }

  let reader: RecordReader | null = null;
  let validator: RowValidator | null = null;
  /** The file-level column checks: a rejection if required columns are missing, else warnings. */
  const checkColumns = async (read: RecordReader): Promise<FileValidation | null> => {
    const missing = missingColumns(contract, read.columns);
    if (missing.length > 0) {
      return fail(
        'MISSING_COLUMNS',
        `The file has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}, so it cannot be read as ${contract.type}. Start from the blank ${contract.type} template.`,
        read,
        null,
      );
    }
    for (const column of unknownColumns(contract, read.columns)) {
      problems.push({
        severity: 'warning',
        row: null,
        column,
        value: null,
        message: `column "${column}" is not part of ${contract.type} and was ignored`,
      });
    }
    return null;
  };
  try {
    options = {
      format: await formatFor(contract, request.source),
      sheetName: contract.type,
      ...(request.limits ? { limits: request.limits } : {}),
    };
    reader = await openRecords(request.source, options);
    // A JSON file's columns are the keys of all its records, which its reader gathers as rows are
    // read (serialisers drop null fields, so the first record may lack some): they are judged
    // after the rows, and a record missing a required value is rejected by itself.
    const columnsAfterRows = reader.format === 'json';
    if (!columnsAfterRows) {
      const missing = await checkColumns(reader);
      if (missing) return missing;
    }
    validator = new RowValidator({
      contract,
      submitter: request.submitter,
      receivedMonth: londonMonth(request.receivedAt),
      directory,
      fileColumns: reader.columns,
      ...(request.firstMonth ? { firstMonth: request.firstMonth } : {}),
    });
    for await (const raw of reader.rows) {
      if (isRawRowBlank(raw) && !raw.problem) continue;
      validator.add(raw);
    }
    if (columnsAfterRows) {
      const missing = await checkColumns(reader);
      if (missing) return missing;
    }
    for (const notice of reader.warnings) {
      problems.push({
        severity: 'warning',
        row: null,
        column: notice.column ?? null,
        value: null,
        message: notice.message,
      });
    }
    appendAll(problems, validator.outcome.problems);
    if (validator.outcome.rowsRead === 0) {
      return fail('EMPTY', 'The file has no data rows.', reader, validator);
    }
    return { reader, validator, problems, fileError: null, quarantine: validator.outcome.rejected };
  } catch (error) {
    if (error instanceof FileRejectedError) {
      if (validator) appendAll(problems, validator.outcome.problems);
      return fail(error.code, error.message, reader, validator);
    }
    throw error;
  }
}

type OpenOptions = Parameters<typeof openRecords>[1] & {};

/**
 * The first `rowsRead` rows of a file rejected whole, read again as quarantine rows: each with the
 * reasons it was rejected for by itself, if any, and the file's.
 */
async function rowsReadBefore(
  contract: InputContract,
  request: FileToValidate,
  directory: ProviderDirectory | null,
  options: OpenOptions,
  columns: readonly string[],
  rowsRead: number,
  fileReason: string,
): Promise<Quarantine> {
  const quarantine = new Quarantine(columns);
  const because = `the whole file was rejected: ${fileReason}`;
  const validator = new RowValidator({
    contract,
    submitter: request.submitter,
    receivedMonth: londonMonth(request.receivedAt),
    directory,
    fileColumns: columns,
    ...(request.firstMonth ? { firstMonth: request.firstMonth } : {}),
  });
  try {
    const reader = await openRecords(request.source, options);
    for await (const raw of reader.rows) {
      if (isRawRowBlank(raw) && !raw.problem) continue;
      validator.add(raw);
      quarantine.add(raw, [...validator.lastReasons, because]);
      if (quarantine.length === rowsRead) break;
    }
  } catch (error) {
    // The read stops where the file's fault is, as it did the first time.
    if (!(error instanceof FileRejectedError)) throw error;
  }
  return quarantine;
}

/** CQC location documents are JSON; a flattened CSV or XLSX of the same columns is read as such. */
async function formatFor(contract: InputContract, source: ByteSource): Promise<RecordFormat | undefined> {
  if (contract.type !== 'cqc-locations') return undefined;
  const format = detectFormat(source.name, await firstBytes(source, 64));
  return format === 'json' ? 'cqc' : (format ?? undefined);
}

async function firstBytes(source: ByteSource, n: number): Promise<Uint8Array> {
  for await (const chunk of source.open()) return chunk.subarray(0, n);
  return new Uint8Array();
}
