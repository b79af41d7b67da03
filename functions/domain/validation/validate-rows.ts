// Row-level validation: every raw row is either accepted as a typed row or rejected with reasons.
// Accepted + rejected = read, always; no row is dropped silently.

import { type FieldSpec, fieldSpecOf, isBlank } from '../contracts/fields.ts';
import { columnsOf, type InputContract } from '../contracts/index.ts';
import type { RawRow } from '../formats/index.ts';
import { AcceptedRows } from './accepted-rows.ts';
import { checkFirstMonth } from './first-month.ts';
import { type Problem, showValue } from './problem.ts';
import { Quarantine } from './quarantine.ts';
import type { ProviderDirectory } from './reference-data.ts';
import { SeenKeys } from './seen-keys.ts';
import { maxListedProblems } from './submission-report.ts';

export interface RowContext {
  contract: InputContract;
  /** The submitting provider id, or 'council'. */
  submitter: string;
  receivedMonth: string;
  /** The current provider register, or null when none has been loaded yet. */
  directory: ProviderDirectory | null;
  /** The file's columns (the reader's `columns`), which positional rows are read against. */
  fileColumns: readonly string[];
  /** The lake's go-live month ('YYYY-MM'): provider returns for earlier months are rejected. */
  firstMonth?: string;
}

export interface RowOutcome {
  accepted: AcceptedRows;
  rejected: Quarantine;
  /**
   * Every problem, in order. Only the first `detailedProblems` carry their row, value and
   * message (reports list the first 1,000); later ones are shared per severity and column, as
   * reports only count them, so a file of a million bad rows does not hold a million messages.
   */
  problems: Problem[];
  rowsRead: number;
}

/** Problems kept in full; reports list at most maxListedProblems, all from the front. */
const detailedProblems = maxListedProblems;

type Severity = 'error' | 'warning';

interface Found {
  severity: Severity;
  column: string | null;
  value: unknown;
  message: string;
}

/** Validates rows one at a time so that callers can stream. */
export class RowValidator {
  private readonly columns: string[];
  private readonly coerce: FieldSpec['coerce'][];
  private readonly quick: FieldSpec['quick'][];
  private readonly optional: boolean[];
  /** Position of each contract column in the file's columns, or -1. */
  private readonly positions: Int32Array;
  private readonly seenKeys: SeenKeys;
  /** Positions of the string columns, whose values get dictionary ids. */
  private readonly stringColumns: Int32Array;
  /** The row's string ids by position, once it has passed every check but the key. */
  private readonly ids: Int32Array;
  private warnedNoRegister = false;
  /** The row being validated: reused, as nothing keeps it after add() returns. */
  private readonly row: unknown[];
  /** The same row by column name, for the contract's rules: each name reads `row`. */
  private readonly values: Record<string, unknown>;
  private found: Found[] = [];
  private errors = 0;
  private readonly counted = new Map<string, Problem>();
  readonly outcome: RowOutcome;
  /** Why the row last added was rejected; empty when it was accepted. */
  lastReasons: readonly string[] = [];

  constructor(private readonly context: RowContext) {
    const shape = context.contract.schema.shape as Record<string, object>;
    this.columns = columnsOf(context.contract);
    const specs = this.columns.map((c) => fieldSpecOf(shape[c]!));
    this.coerce = specs.map((s) => s.coerce);
    this.quick = specs.map((s) => s.quick);
    this.optional = specs.map((s) => s.optional);
    this.positions = Int32Array.from(this.columns, (c) => context.fileColumns.indexOf(c));
    const keyColumns = context.contract.key.map((k) => this.columns.indexOf(k));
    this.seenKeys = new SeenKeys(
      keyColumns,
      keyColumns.map((c) => specs[c]!.kind === 'string' && !specs[c]!.optional),
    );
    this.stringColumns = Int32Array.from(specs.flatMap((s, c) => (s.kind === 'string' ? [c] : [])));
    this.ids = new Int32Array(this.columns.length).fill(-1);
    this.row = new Array(this.columns.length).fill(null);
    this.values = rowByName(this.columns, this.row);
    this.outcome = {
      accepted: new AcceptedRows(
        this.columns,
        specs.map((s) => s.kind),
      ),
      rejected: new Quarantine(context.fileColumns),
      problems: [],
      rowsRead: 0,
    };
  }

  private problem(severity: Severity, column: string | null, value: unknown, message: string): void {
    if (severity === 'error') this.errors += 1;
    this.found.push({ severity, column, value, message });
  }

  add(raw: RawRow): void {
    const out = this.outcome;
    out.rowsRead += 1;
    // Hot path (one call per row of files up to a million rows): the validator allocates nothing
    // for a good row, and cells are read by position when the reader gives them so.
    this.errors = 0;
    if (this.found.length > 0) this.found = [];

    if (raw.problem) {
      const column = raw.problem.column ?? null;
      this.problem('error', column, column === null ? null : raw.cells.get(column), raw.problem.message);
    }

    const { columns, coerce, quick, optional, positions, row, values } = this;
    const fields = raw.fields;
    for (let i = 0; i < columns.length; i++) {
      let cell: unknown;
      if (fields !== undefined) {
        const at = positions[i]!;
        cell = at >= 0 && at < fields.length ? fields[at] : undefined;
      } else {
        cell = raw.cells.get(columns[i]!);
      }
      let value = typeof cell === 'string' ? quick[i]!(cell) : undefined;
      if (value === undefined) {
        value = null;
        if (isBlank(cell)) {
          if (!optional[i])
            this.problem('error', columns[i]!, null, `${columns[i]!} is required but is empty`);
        } else {
          const result = coerce[i]!(cell);
          if (result.ok) value = result.value;
          else this.problem('error', columns[i]!, cell, `${columns[i]!} ${result.reason}`);
        }
      }
      row[i] = value;
    }

    const contract = this.context.contract;
    if (this.errors === 0) {
      if (contract.check) {
        for (const issue of contract.check(values as never, { receivedMonth: this.context.receivedMonth })) {
          this.problem(issue.severity, issue.column, values[issue.column], issue.message);
        }
      }
      this.checkReferences(values);
      const firstMonth = this.context.firstMonth;
      if (firstMonth) {
        const issue = checkFirstMonth(contract.type, values, firstMonth);
        if (issue) this.problem('error', issue.column, values[issue.column], issue.message);
      }
    }
    if (this.errors === 0) {
      for (const c of this.stringColumns) {
        const value = row[c];
        this.ids[c] = value === null ? -1 : out.accepted.stringId(c, value as string);
      }
      if (!this.seenKeys.add(row, this.ids)) {
        const named = contract.key.map((k) => `${k} ${showValue(values[k])}`).join(', ');
        this.problem('error', null, null, `duplicate row: an earlier row in this file already has ${named}`);
      }
    }

    if (this.found.length > 0) this.record(raw.rowNumber);
    if (this.errors > 0) {
      const reasons: string[] = [];
      for (const f of this.found) if (f.severity === 'error') reasons.push(f.message);
      out.rejected.add(raw, reasons);
      this.lastReasons = reasons;
    } else {
      this.lastReasons = [];
      out.accepted.add(
        raw.rowNumber,
        row,
        this.ids,
        contract.periodOf ? contract.periodOf(values as never) : null,
      );
    }
  }

  /** The row's problems, errors first, in full while few enough, then counted only. */
  private record(rowNumber: number): void {
    const problems = this.outcome.problems;
    for (const severity of ['error', 'warning'] as const) {
      for (const f of this.found) {
        if (f.severity !== severity) continue;
        if (problems.length < detailedProblems) {
          problems.push({
            severity,
            row: rowNumber,
            column: f.column,
            value: showValue(f.value),
            message: f.message,
          });
        } else {
          problems.push(this.countedProblem(severity, f.column));
        }
      }
    }
  }

  private countedProblem(severity: Severity, column: string | null): Problem {
    const key = `${severity}\u0000${column ?? ''}\u0000${column === null ? 0 : 1}`;
    let p = this.counted.get(key);
    if (!p) {
      p = {
        severity,
        row: null,
        column,
        value: null,
        message: 'one of many problems in this file; counted, not listed',
      };
      this.counted.set(key, p);
    }
    return p;
  }

  private checkReferences(values: Record<string, unknown>): void {
    const { contract, submitter, directory } = this.context;
    const providerId = values.provider_id;
    if (typeof providerId !== 'string' || contract.type === 'cqc-locations') return;
    if (contract.owner === 'provider' && providerId !== submitter) {
      this.problem(
        'error',
        'provider_id',
        providerId,
        `provider_id ${providerId} is not the provider submitting this file (${submitter}); a provider can only send its own data`,
      );
      return;
    }
    if (contract.type === 'provider-register') return;
    if (!directory) {
      if (contract.owner === 'provider') {
        this.problem(
          'error',
          'provider_id',
          providerId,
          'there is no provider register yet, so this provider cannot be checked; the council must load its register first',
        );
      } else if (!this.warnedNoRegister) {
        this.warnedNoRegister = true;
        this.problem(
          'warning',
          'provider_id',
          providerId,
          'no provider register has been loaded yet, so provider ids in this file were not checked',
        );
      }
      return;
    }
    const branches = directory.branchesByProvider.get(providerId);
    if (!branches) {
      this.problem(
        'error',
        'provider_id',
        providerId,
        `provider_id ${providerId} is not in the council's provider register`,
      );
      return;
    }
    const branchId = values.branch_id;
    if (contract.type === 'monthly-return' && typeof branchId === 'string' && !branches.has(branchId)) {
      this.problem(
        'error',
        'branch_id',
        branchId,
        `branch_id ${branchId} is not a branch of ${providerId} in the provider register`,
      );
    }
  }
}

/**
 * An object whose properties read `row` by position: the validation loop stores each cell once,
 * by index, instead of also storing it by name (a keyed store per cell, 12 million of them in a
 * 50 MB return, was one of the costliest steps of validating).
 */
function rowByName(columns: readonly string[], row: readonly unknown[]): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  columns.forEach((name, i) => {
    Object.defineProperty(view, name, { get: () => row[i], enumerable: true });
  });
  return view;
}

/** Columns in the file that the contract does not know: ignored, with a warning. */
export function unknownColumns(contract: InputContract, fileColumns: readonly string[]): string[] {
  const known = new Set(columnsOf(contract));
  return fileColumns.filter((c) => !known.has(c));
}

/** Required columns absent from the file: the file cannot be read as this type. */
export function missingColumns(contract: InputContract, fileColumns: readonly string[]): string[] {
  const present = new Set(fileColumns);
  const shape = contract.schema.shape as Record<string, object>;
  return columnsOf(contract).filter((c) => !present.has(c) && !fieldSpecOf(shape[c]!).optional);
}

export function isRawRowBlank(raw: RawRow): boolean {
  if (raw.fields !== undefined) {
    for (const v of raw.fields) if (!isBlank(v)) return false;
    return true;
  }
  for (const v of raw.cells.values()) if (!isBlank(v)) return false;
  return true;
}
