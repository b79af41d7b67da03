// The method that scores (any role), its comparison with a second method when serve was given one
// (commissioners), and the blank templates a sender fills in.
import { Hono } from 'hono';
import { inputTypes, isInputType } from '../../domain/contracts/index.ts';
import type { MethodConfig } from '../../domain/method/config.ts';
import { PeriodAfterLatestReturnError } from '../../domain/method/periods.ts';
import { csvTemplate } from '../../pipeline/csv-template.ts';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { type ApiEnv, requireCommissioner } from '../identity.ts';
import type { MethodComparisons } from '../method-comparison.ts';
import { monthOrDefault, months } from '../query.ts';
import { periodParam } from '../sql.ts';

export function methodRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const candidate = deps.compareMethod;
  // Loaded on first use: comparing scores the lake, which the API Lambda (no second method) never
  // does, so the scoring engine and the Parquet codec stay out of its cold start.
  let comparisons: Promise<MethodComparisons> | undefined;
  const comparisonsOf = (method: MethodConfig) =>
    (comparisons ??= import('../method-comparison.ts').then(
      (m) => new m.MethodComparisons(deps.store, deps.method, method, deps.now),
    ));
  return new Hono<ApiEnv>()
    .get('/method', (c) =>
      c.json({
        version: deps.method.method_version,
        method: deps.method,
        compare_with: candidate?.method_version ?? null,
      }),
    )
    .get('/method/compare', async (c) => {
      requireCommissioner(c);
      if (!candidate)
        throw notFound(
          'No second method is loaded to compare with: start carescore serve with --compare-method FILE (a method JSON file).',
        );
      const asked = c.req.query('period');
      const period = await monthOrDefault(deps.queries, asked === undefined ? undefined : periodParam(asked));
      if (!(await months(deps.queries)).some((m) => m.period === period))
        throw notFound(`${period} has not been scored: pick a month from the list of scored months.`);
      try {
        return c.json(await (await comparisonsOf(candidate)).month(period));
      } catch (error) {
        if (error instanceof PeriodAfterLatestReturnError) throw notFound(error.message);
        throw error;
      }
    })
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
