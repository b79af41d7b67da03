// carescore template --type T [--format csv|xlsx|json-schema] [--out FILE]
import { writeFile } from 'node:fs/promises';
import { inputTypes, isInputType } from '../../domain/contracts/index.ts';
import { csvTemplate } from '../../pipeline/csv-template.ts';
import { jsonSchemaTemplate, xlsxTemplate } from '../../pipeline/templates.ts';
import { type Invocation, type Output, UsageError } from '../args.ts';

export async function templateCommand(
  { values }: Invocation<{ type?: string; format: string; out?: string }>,
  io: Output,
): Promise<number> {
  const type = values.type;
  if (!type || !isInputType(type)) throw new UsageError(`--type must be one of ${inputTypes.join(', ')}.`);
  let body: string | Uint8Array;
  if (values.format === 'csv') body = csvTemplate(type);
  else if (values.format === 'json-schema') body = `${JSON.stringify(jsonSchemaTemplate(type), null, 2)}\n`;
  else if (values.format === 'xlsx') body = await xlsxTemplate(type);
  else throw new UsageError('--format must be csv, xlsx or json-schema.');
  if (values.out) {
    await writeFile(values.out, body);
    io.out(`Wrote the ${type} ${values.format} template to ${values.out}`);
  } else if (typeof body !== 'string') {
    if (process.stdout.isTTY) throw new UsageError('An xlsx template is binary: give --out FILE.xlsx.');
    process.stdout.write(body);
  } else {
    io.out(body.trimEnd());
  }
  return 0;
}
