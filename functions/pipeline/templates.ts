// Templates for senders, generated from the contract schemas so they can never drift from what
// ingest accepts.
import ExcelJS from 'exceljs';
import { columnsOf, contracts, type InputType } from '../domain/contracts/index.ts';
import * as z from '../domain/zod.ts';

const templateVersion = '1';

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
  for (const column of columns) {
    // What the field helpers registered (contracts/fields.ts): a description and one example.
    const meta: { description?: string; examples?: unknown[] } =
      z.globalRegistry.get(contract.schema.shape[column]!) ?? {};
    guide.addRow([column, meta.description ?? '', String(meta.examples?.[0] ?? '')]);
  }
  guide.columns.forEach((c) => {
    c.width = 40;
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
