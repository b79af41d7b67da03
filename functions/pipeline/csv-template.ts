// The CSV template for senders: the contract's columns, one header line, so it can never drift from
// what ingest accepts. Apart from templates.ts so a runtime can serve it without the workbook library.
import { columnsOf, contracts, type InputType } from '../domain/contracts/index.ts';
import { safeCsvLine } from '../domain/formats/write-csv.ts';

export function csvTemplate(type: InputType): string {
  return safeCsvLine(columnsOf(contracts[type]));
}
