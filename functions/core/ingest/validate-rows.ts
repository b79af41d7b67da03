// Row-level validation: every raw row is either accepted as a typed row or rejected with reasons.
// Accepted + rejected = read, always; no row is dropped silently.

import { type FieldSpec, fieldSpecOf, isBlank } from '../contracts/fields.ts';
import { columnsOf, type InputContract } from '../contracts/index.ts';
import type { RawRow } from '../parsing/index.ts';
import { AcceptedRows } from './accepted-rows.ts';
import { type Problem, showValue } from './problem.ts';
import type { ProviderDirectory } from './reference-data.ts';

export interface RowContext {
  contract: InputContract;
  /** The submitting provider id, or 'council'. */
  submitter: string;
  receivedMonth: string;
  /** The current provider register, or null when none has been loaded yet. */
  directory: ProviderDirectory | null;
}

export interface RejectedRow {
  row: number;
  cells: Map<string, unknown>;
  reasons: string[];
}

export interface RowOutcome {
  accepted: AcceptedRows;
  rejected: RejectedRow[];
  problems: Problem[];
  rowsRead: number;
}

/** Validates rows one at a time so that callers can stream. */
export class RowValidator {
  private readonly columns: string[];
  private readonly specs: FieldSpec[];
  private readonly seenKeys = new Set<string>();
  private readonly keyIndices: number[];
  private warnedNoRegister = false;
  readonly outcome: RowOutcome;

  constructor(private readonly context: RowContext) {
    const shape = context.contract.schema.shape as Record<string, object>;
    this.columns = columnsOf(context.contract);
    this.specs = this.columns.map((c) => fieldSpecOf(shape[c]!));
    this.keyIndices = context.contract.key.map((k) => this.columns.indexOf(k));
    this.outcome = { accepted: new AcceptedRows(this.columns), rejected: [], problems: [], rowsRead: 0 };
  }

  add(raw: RawRow): void {
    const out = this.outcome;
    out.rowsRead += 1;
    // Hot path (one call per row of files up to a million rows): no closures, arrays made on demand.
    let errors: Problem[] | null = null;
    let warnings: Problem[] | null = null;
    const problem = (
      severity: 'error' | 'warning',
      column: string | null,
      value: unknown,
      message: string,
    ) => {
      const p: Problem = { severity, row: raw.rowNumber, column, value: showValue(value), message };
      if (severity === 'error') {
        errors ??= [];
        errors.push(p);
      } else {
        warnings ??= [];
        warnings.push(p);
      }
    };

    if (raw.problem) {
      const column = raw.problem.column ?? null;
      problem('error', column, column === null ? null : raw.cells.get(column), raw.problem.message);
    }

    const columns = this.columns;
    const row: unknown[] = new Array(columns.length);
    const values: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const spec = this.specs[i]!;
      const cell = raw.cells.get(column);
      let value: unknown = null;
      if (isBlank(cell)) {
        if (!spec.optional) problem('error', column, null, `${column} is required but is empty`);
      } else {
        const result = spec.coerce(cell);
        if (result.ok) value = result.value;
        else problem('error', column, cell, `${column} ${result.reason}`);
      }
      row[i] = value;
      values[column] = value;
    }

    const contract = this.context.contract;
    if (errors === null) {
      if (contract.check) {
        for (const issue of contract.check(values as never, { receivedMonth: this.context.receivedMonth })) {
          problem(issue.severity, issue.column, values[issue.column], issue.message);
        }
      }
      this.checkReferences(values, problem);
    }
    if (errors === null) {
      let key = '';
      for (const i of this.keyIndices) key += `${String(row[i])}\u0000`;
      if (this.seenKeys.has(key)) {
        const named = contract.key.map((k) => `${k} ${showValue(values[k])}`).join(', ');
        problem('error', null, null, `duplicate row: an earlier row in this file already has ${named}`);
      } else {
        this.seenKeys.add(key);
      }
    }

    if (errors !== null) for (const p of errors as Problem[]) out.problems.push(p);
    if (warnings !== null) for (const p of warnings as Problem[]) out.problems.push(p);
    if (errors !== null) {
      out.rejected.push({
        row: raw.rowNumber,
        cells: raw.cells,
        reasons: (errors as Problem[]).map((e) => e.message),
      });
    } else {
      out.accepted.add(raw.rowNumber, row, contract.periodOf ? contract.periodOf(values as never) : null);
    }
  }

  private checkReferences(
    values: Record<string, unknown>,
    problem: (severity: 'error' | 'warning', column: string | null, value: unknown, message: string) => void,
  ): void {
    const { contract, submitter, directory } = this.context;
    const providerId = values.provider_id;
    if (typeof providerId !== 'string' || contract.type === 'cqc-locations') return;
    if (contract.owner === 'provider' && providerId !== submitter) {
      problem(
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
        problem(
          'error',
          'provider_id',
          providerId,
          'there is no provider register yet, so this provider cannot be checked; the council must load its register first',
        );
      } else if (!this.warnedNoRegister) {
        this.warnedNoRegister = true;
        problem(
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
      problem(
        'error',
        'provider_id',
        providerId,
        `provider_id ${providerId} is not in the council's provider register`,
      );
      return;
    }
    const branchId = values.branch_id;
    if (contract.type === 'monthly-return' && typeof branchId === 'string' && !branches.has(branchId)) {
      problem(
        'error',
        'branch_id',
        branchId,
        `branch_id ${branchId} is not a branch of ${providerId} in the provider register`,
      );
    }
  }
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
  for (const v of raw.cells.values()) if (!isBlank(v)) return false;
  return true;
}
