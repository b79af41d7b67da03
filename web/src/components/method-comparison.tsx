// The method page's comparison with the second method serve was given (GET /api/method/compare, the
// same answer as `carescore compare --format json`): for a month, how many providers move up, down
// or not at all, and each mover's ratings, tier and triggers from → to with the KPIs that moved it.
import type {
  MethodComparison as Comparison,
  FieldChange,
  KpiMove,
} from '../../../functions/api/method-comparison.ts';
import { areaNames, list, monthName, words } from '../format.ts';
import { href } from '../router.ts';
import type { Session } from '../types.ts';
import { useApi } from '../use-api.ts';
import { MonthPicker } from './month-picker.tsx';
import { Failure, Loading } from './page.tsx';
import { TableScroll } from './table-scroll.tsx';

const areaFields: Record<string, string> = {
  quality_rating: 'quality',
  cost_flex_rating: 'cost_flex',
  delivery_rating: 'delivery',
  relationship_rating: 'relationship',
  workforce_rating: 'workforce',
};

const fromTo = (c: FieldChange | undefined, shown: (v: string) => string = (v) => v) =>
  c ? `${shown(c.from)} → ${shown(c.to)}` : 'Unchanged';
const points = (p: number | null) => (p === null ? 'not scored' : `${p}`);
const triggers = (v: string) => (list(v).length ? list(v).join(', ') : 'none');

function kpiMove(k: KpiMove, names: Record<string, string>): string {
  const name = names[k.kpi_id] ? `${k.kpi_id} ${names[k.kpi_id]}` : k.kpi_id;
  const pts =
    k.from_points !== k.to_points ? `, points ${points(k.from_points)} → ${points(k.to_points)}` : '';
  const weight =
    k.from_weight !== k.to_weight ? `, weight ${points(k.from_weight)} → ${points(k.to_weight)}` : '';
  return `${name}${pts}${weight}`;
}

export function MethodComparison({
  version,
  session,
  period,
  kpiNames,
}: {
  version: string;
  session: Session;
  period: string;
  kpiNames: Record<string, string>;
}) {
  const { data, error } = useApi<Comparison>(
    `/api/method/compare${period ? `?period=${encodeURIComponent(period)}` : ''}`,
  );
  const names = new Map(session.providers.map((p) => [p.provider_id, p.provider_name]));
  return (
    <section aria-labelledby="method-compare-title" data-testid="method-compare">
      <h2 class="govuk-heading-l" id="method-compare-title">
        Compared with {version}
      </h2>
      {error ? (
        <Failure error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <p class="govuk-body">
            What method {data.to_version} would change if it replaced {data.from_version}: every provider
            scored again under both methods for {monthName(data.periods[0] ?? period)} (nothing is written).
          </p>
          <MonthPicker
            months={session.months.map((m) => m.period)}
            current={data.periods[0] ?? period}
            to={(p) => href('method', { period: p })}
          />
          <dl class="govuk-summary-list" data-testid="method-compare-summary">
            {(
              [
                ['Overall rating up', data.summary.up],
                ['Overall rating down', data.summary.down],
                ['Same overall rating, something else changes', data.summary.other],
                ['Unchanged', data.summary.unchanged],
              ] as const
            ).map(([label, n]) => (
              <div key={label} class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">{label}</dt>
                <dd class="govuk-summary-list__value">
                  {n} {n === 1 ? 'provider' : 'providers'}
                </dd>
              </div>
            ))}
          </dl>
          {data.area_weights.length > 0 ? (
            <p class="govuk-body">
              Area weights that differ:{' '}
              {data.area_weights.map((w) => `${areaNames[w.area] ?? w.area} ${w.from} → ${w.to}`).join(', ')}.
            </p>
          ) : null}
          {data.movers.length === 0 ? (
            <p class="govuk-body">
              No provider's ratings, risk tier or Level 3 triggers would change this month.
            </p>
          ) : (
            <TableScroll label="Providers the method change would move (table)">
              <table class="govuk-table" data-testid="method-compare-movers">
                <caption class="govuk-table__caption govuk-table__caption--m">
                  Providers that would move, {monthName(data.periods[0] ?? period)}
                </caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    {[
                      'Provider',
                      'Overall rating',
                      'Risk tier',
                      'Areas that change',
                      'Level 3 triggers',
                      'KPIs that moved it',
                    ].map((h) => (
                      <th key={h} scope="col" class="govuk-table__header">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {data.movers.map((m) => {
                    const change = (field: string) => m.changes.find((c) => c.field === field);
                    const areas = m.changes.filter((c) => areaFields[c.field]);
                    return (
                      <tr key={`${m.provider_id}-${m.period}`} class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">
                          <a class="govuk-link" href={href('providers', m.provider_id, 'months', m.period)}>
                            {m.provider_id}
                            {names.get(m.provider_id) ? ` ${names.get(m.provider_id)}` : ''}
                          </a>
                        </th>
                        <td class="govuk-table__cell">
                          {fromTo(change('overall_rating'))}
                          {m.direction === 'other' ? '' : ` (${m.direction})`}
                        </td>
                        <td class="govuk-table__cell">{fromTo(change('risk_tier'), (v) => v || 'none')}</td>
                        <td class="govuk-table__cell">
                          {areas.length === 0 ? (
                            'None'
                          ) : (
                            <ul class="govuk-list">
                              {areas.map((c) => {
                                const area = areaFields[c.field]!;
                                return (
                                  <li key={c.field}>
                                    {areaNames[area] ?? words(area)}: {c.from} → {c.to}
                                  </li>
                                );
                              })}
                            </ul>
                          )}
                        </td>
                        <td class="govuk-table__cell">{fromTo(change('level3_triggers'), triggers)}</td>
                        <td class="govuk-table__cell">
                          {m.kpis.length === 0 ? (
                            'None: area weights or bands only'
                          ) : (
                            <ul class="govuk-list">
                              {m.kpis.map((k) => (
                                <li key={k.kpi_id}>{kpiMove(k, kpiNames)}</li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  );
}
