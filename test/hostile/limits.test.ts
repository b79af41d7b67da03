// Bounded resources: the limits of CONTRACTS §2.1 come from config/ingest-limits.json, a file
// over a limit is rejected naming it, is never read whole, and its raw copy is still kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultReadLimits,
  IngestLimitsError,
  limitSettings,
  loadIngestLimits,
} from '../../functions/domain/formats/index.ts';
import { monthlyHeader, monthlyRow } from '../helpers/ingest.ts';
import {
  errors,
  ingest,
  lakeWithRegister,
  liveBytes,
  monthlyRecord,
  repeatedTextSource,
  StreamingStore,
  sampledSource,
  utf8,
} from './helpers.ts';

const MB = 1024 * 1024;
const configFile = join(import.meta.dirname, '..', '..', 'config', 'ingest-limits.json');

describe('ingest limits: one source of defaults, checked at load', () => {
  it('the defaults are CONTRACTS §2.1, read from config/ingest-limits.json', () => {
    const json = JSON.parse(readFileSync(configFile, 'utf8'));
    expect(json).toMatchObject({
      max_file_mb: 100,
      max_rows: 1_000_000,
      max_columns: 500,
      max_field_kb: 32,
      max_json_depth: 64,
      max_xlsx_sheet_mb: 200,
      max_xlsx_whole_part_mb: 16,
    });
    expect(defaultReadLimits).toEqual({
      maxBytes: 100 * MB,
      maxRows: 1_000_000,
      maxColumns: 500,
      maxFieldBytes: 32 * 1024,
      maxJsonDepth: 64,
      maxXlsxSheetBytes: 200 * MB,
      maxXlsxWholePartBytes: 16 * MB,
    });
    expect(loadIngestLimits(json)).toEqual(defaultReadLimits);
    // Every setting of the file has a flag of the same name.
    expect(limitSettings.map((s) => [s.key, s.flag])).toEqual(
      Object.keys(json)
        .filter((k) => k !== '$comment')
        .map((k) => [k, k.replace(/_/g, '-')]),
    );
  });

  it('a changed file changes the limits: fractions of a MB or KB are allowed for sizes', () => {
    const json = JSON.parse(readFileSync(configFile, 'utf8'));
    expect(loadIngestLimits({ ...json, max_file_mb: 0.5, max_field_kb: 1.5, max_rows: 10 })).toMatchObject({
      maxBytes: 512 * 1024,
      maxFieldBytes: 1536,
      maxRows: 10,
    });
  });

  it('a bad file is refused with a sentence naming each bad key and what it must be', () => {
    const json = JSON.parse(readFileSync(configFile, 'utf8'));
    const cases: [unknown, string][] = [
      [
        { ...json, max_rows: -3 },
        'config/ingest-limits.json is not valid: "max_rows" must be a whole number of 1 or more; it is -3.',
      ],
      [
        { ...json, max_rows: 2.5, max_file_mb: '100' },
        'config/ingest-limits.json is not valid: "max_file_mb" must be a number greater than 0; it is "100"; "max_rows" must be a whole number of 1 or more; it is 2.5.',
      ],
      [
        { ...json, max_colums: 10 },
        'config/ingest-limits.json is not valid: "max_colums" is not a limit; the limits are max_file_mb, max_rows, max_columns, max_field_kb, max_json_depth, max_xlsx_sheet_mb, max_xlsx_whole_part_mb.',
      ],
      [
        { max_rows: 5 },
        'config/ingest-limits.json is not valid: "max_file_mb" is missing; "max_columns" is missing; "max_field_kb" is missing; "max_json_depth" is missing; "max_xlsx_sheet_mb" is missing; "max_xlsx_whole_part_mb" is missing.',
      ],
      [
        [],
        'config/ingest-limits.json is not valid: it must be one JSON object of limits, such as {"max_rows": 1000000}.',
      ],
    ];
    for (const [bad, message] of cases) {
      expect(() => loadIngestLimits(bad)).toThrow(new IngestLimitsError(message));
    }
  });
});

describe('ingest limits: over the limit', () => {
  it('a 150 MB upload is rejected naming the 100 MB limit without being parsed; its raw copy is streamed and kept', async () => {
    const store = await lakeWithRegister(new StreamingStore());
    const size = 150 * MB;
    const source = repeatedTextSource('huge.csv', `${monthlyHeader}\n`, `${monthlyRow()}\n`, size);
    const sampled = sampledSource(source, 16 * MB);
    const before = await liveBytes();
    const { submission, report } = await ingest(store, 'huge.csv', sampled);
    expect(submission).toMatchObject({
      status: 'rejected',
      size_bytes: size,
      rows_read: 0,
      format: null,
      file_error: {
        code: 'TOO_LARGE',
        message: 'The file is 150 MB, larger than the limit of 100 MB; split it into smaller files.',
      },
    });
    expect(report.problems).toHaveLength(1);
    // The raw copy has every byte (same size and SHA-256 as the upload), streamed through.
    expect(store.streamed.get(submission.raw_key)).toMatchObject({ size, sha256: submission.sha256 });
    expect(new TextDecoder().decode(store.streamed.get(submission.raw_key)!.head)).toMatch(/^provider_id,/);
    // Read only to hash and to copy; the reader refused it from its size, reading nothing.
    expect(source.reads.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * size);
    expect(source.reads.every((n) => n === size)).toBe(true);
    // Memory never held the file: a generous bound, far below its 150 MB.
    expect(sampled.peak() - before).toBeLessThan(32 * MB);
  }, 60_000);

  it('just over a configured size limit is rejected, naming it in bytes', async () => {
    const store = await lakeWithRegister();
    const bytes = utf8(`${monthlyHeader}\n${monthlyRow()}\n`);
    const { submission } = await ingest(store, 'x.csv', bytes, { limits: { maxBytes: bytes.length - 1 } });
    expect(submission.file_error).toEqual({
      code: 'TOO_LARGE',
      message: `The file is ${bytes.length} bytes, larger than the limit of ${bytes.length - 1} bytes; split it into smaller files.`,
    });
  });

  it('a CSV over the row limit is rejected naming the limit and the line; no row is stored', async () => {
    const store = await lakeWithRegister();
    const rows = Array.from({ length: 1001 }, (_, i) =>
      monthlyRow({ period: `${1900 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}` }),
    );
    const bytes = utf8([monthlyHeader, ...rows].join('\n'));
    const { submission } = await ingest(store, 'many.csv', bytes, { limits: { maxRows: 1000 } });
    expect(submission).toMatchObject({
      status: 'rejected',
      rows_read: 1000,
      rows_accepted: 0,
      rows_rejected: 1000,
      file_error: {
        code: 'TOO_MANY_ROWS',
        message:
          'The file has more than 1,000 data rows, the most one file may have (line 1,002); split it into smaller files.',
      },
    });
    expect(store.keys('curated/monthly_return/')).toEqual([]);
    expect(store.objects.has(submission.raw_key)).toBe(true);
  });

  it('JSON Lines over the row limit likewise', async () => {
    const store = await lakeWithRegister();
    const lines = Array.from({ length: 4 }, (_, i) =>
      JSON.stringify(monthlyRecord({ period: `2024-0${i + 1}` })),
    ).join('\n');
    const { submission } = await ingest(store, 'many.jsonl', lines, { limits: { maxRows: 3 } });
    expect(submission.file_error).toEqual({
      code: 'TOO_MANY_ROWS',
      message: 'The file has more than 3 data rows, the most one file may have; split it into smaller files.',
    });
  });

  it('memory stays bounded while a 90 MB CSV is read to the end (a row, then 90 MB of empty rows)', async () => {
    const store = await lakeWithRegister(new StreamingStore());
    const size = 90 * MB;
    // Blank lines with and without commas: before the fix, 20 MB of bare newlines took minutes
    // (every line rescanned the rest of its chunk for a comma, and was kept until read).
    const source = repeatedTextSource(
      'padded.csv',
      `${monthlyHeader}\n${monthlyRow()}\n`,
      ',,,,,\r\n\n\n',
      size,
    );
    const sampled = sampledSource(source, 8 * MB);
    const before = await liveBytes();
    const { submission, report } = await ingest(store, 'padded.csv', sampled);
    // Every byte was parsed (blank rows are skipped, not stored), and the one row accepted.
    expect(submission).toMatchObject({
      status: 'accepted',
      rows_read: 1,
      rows_accepted: 1,
      size_bytes: size,
    });
    expect(errors(report.problems)).toEqual([]);
    expect(source.reads.length).toBeGreaterThanOrEqual(3);
    expect(sampled.peak() - before).toBeLessThan(48 * MB);
  }, 60_000);

  it('an unterminated quote at the top of a 60 MB file stops at the 32 KB field limit', async () => {
    const store = await lakeWithRegister(new StreamingStore());
    const size = 60 * MB;
    const source = repeatedTextSource(
      'open-quote.csv',
      `${monthlyHeader}\nP001,"`,
      `${monthlyRow()}\n`,
      size,
    );
    const { submission } = await ingest(store, 'open-quote.csv', source);
    expect(submission.file_error).toEqual({
      code: 'FIELD_TOO_LONG',
      message:
        'A value on line 2 is longer than 32 KB, the most one value may hold; check for a missing closing quote.',
    });
    // The parser's own pass stopped early: far less than the file was read for it.
    const parsePasses = source.reads.filter((n) => n < size);
    expect(parsePasses.length).toBeGreaterThan(0);
    expect(Math.max(...parsePasses)).toBeLessThan(2 * MB);
  }, 60_000);
});

describe('many problems', () => {
  // A 700 KB CSV whose body was saved with semicolons: 21 problems a row, 210,000 in all. Copying
  // them with push(...list) once overflowed the call stack and left the file with no outcome.
  it('a file with 210,000 row problems still gets an outcome', async () => {
    const store = await lakeWithRegister();
    const csv = `${monthlyHeader}\n${`${monthlyRow().replaceAll(',', ';')}\n`.repeat(10_000)}`;
    const { submission, report } = await ingest(store, 'semicolon-body.csv', csv);
    expect(submission).toMatchObject({ status: 'rejected', rows_read: 10_000, rows_rejected: 10_000 });
    expect(report.problems_total).toBe(210_000);
  });
});
