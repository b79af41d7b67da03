// The method that scores (any role), and the blank templates a sender fills in.
import { Hono } from 'hono';
import { inputTypes, isInputType } from '../../domain/contracts/index.ts';
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
      // Loaded on first use: the workbook library is large, and the API Lambda's cold start is waited on.
      const { csvTemplate, xlsxTemplate } = await import('../../pipeline/templates.ts');
      const disposition = { 'Content-Disposition': `attachment; filename="${type}.${match[2]}"` };
      if (match[2] === 'csv')
        return c.body(`${csvTemplate(type)}`, 200, {
          ...disposition,
          'Content-Type': 'text/csv; charset=utf-8',
        });
      const bytes = await xlsxTemplate(type);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        ...disposition,
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
    });
}
