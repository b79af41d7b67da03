// The method that scores (any role), and the blank templates a sender fills in.
import { Hono } from 'hono';
import { inputTypes, isInputType } from '../../domain/contracts/index.ts';
import { csvTemplate } from '../../pipeline/csv-template.ts';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { ApiEnv } from '../identity.ts';

export function methodRoutes(deps: ApiDeps): Hono<ApiEnv> {
  return new Hono<ApiEnv>()
    .get('/method', (c) => c.json({ version: deps.method.method_version, method: deps.method }))
    .get('/templates/:file', async (c) => {
      const match = /^([a-z-]+)\.(csv|xlsx)$/.exec(c.req.param('file'));
      const type = match?.[1] ?? '';
      if (!match || !isInputType(type))
        throw notFound(
          `There is no such template: ask for <type>.csv or <type>.xlsx, type one of ${inputTypes.join(', ')}.`,
        );
      const disposition = { 'Content-Disposition': `attachment; filename="${type}.${match[2]}"` };
      if (match[2] === 'csv')
        return c.body(`${csvTemplate(type)}`, 200, {
          ...disposition,
          'Content-Type': 'text/csv; charset=utf-8',
        });
      if (!deps.xlsxTemplate)
        throw notFound(
          `The ${type}.xlsx template is not served here: use ${type}.csv, or make it with carescore template --type ${type} --format xlsx --out ${type}.xlsx.`,
        );
      const bytes = await deps.xlsxTemplate(type);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        ...disposition,
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
    });
}
