// Templates for senders, generated from the contract schemas so they can never drift from what
// ingest accepts.
import ExcelJS from 'exceljs';
import * as z from 'zod';
import { columnsOf, contracts, type InputType } from '../contracts/index.ts';
import { csvLine } from '../csv/write-csv.ts';

export const templateVersion = '1';

export function csvTemplate(type: InputType): string {
  return csvLine(columnsOf(contracts[type]));
}

export function jsonSchemaTemplate(type: InputType): Record<string, unknown> {
  const contract = contracts[type];
  const schema = z.toJSONSchema(contract.schema, { io: 'output', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: `https://carescore.example/schemas/${type}/v${templateVersion}.json`,
    title: `${contract.title} (${type}), one row`,
    description: `One row of a carescore ${type} file. Send an array of these objects, JSON Lines, CSV or XLSX with the same column names.`,
  };
}

interface ColumnMeta {
  description?: string;
  examples?: unknown[];
}

export async function xlsxTemplate(type: InputType): Promise<Uint8Array> {
  const contract = contracts[type];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'carescore';
  const sheet = workbook.addWorksheet(type);
  const columns = columnsOf(contract);
  sheet.addRow(columns).font = { bold: true };
  sheet.columns.forEach((c) => {
    c.width = 22;
  });
  const guide = workbook.addWorksheet('guide');
  guide.addRow(['column', 'what to enter', 'example']).font = { bold: true };
  const shape = contract.schema.shape as Record<string, { meta(): ColumnMeta | undefined }>;
  for (const column of columns) {
    const meta = shape[column]!.meta() ?? {};
    guide.addRow([column, meta.description ?? '', String(meta.examples?.[0] ?? '')]);
  }
  guide.columns.forEach((c) => {
    c.width = 40;
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
