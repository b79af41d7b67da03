// The commissioner's month: how complete it is, the risk matrix (a cell lists its providers), who
// needs action and every reason why, the month's alerts, and rating and tier counts against last month.
import { AlertsTable } from '../components/alerts.tsx';
import { RiskMatrix } from '../components/matrix.tsx';
import { MonthPicker } from '../components/month-picker.tsx';
import { Failure, Loading, Page, RatingTag, TierTag } from '../components/page.tsx';
import { Cell, Row, Table } from '../components/table.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { list, monthName, number, ratingOrder, score, signed, tierOrder } from '../format.ts';
import { href } from '../router.ts';
import type { Overview as OverviewData, Session } from '../types.ts';
import { useApi } from '../use-api.ts';

export function Overview({ session, query }: { session: Session | null; query: URLSearchParams }) {
  const asked = query.get('period') ?? '';
  const { data, error, reload } = useApi<OverviewData>(
    `/api/overview${asked ? `?period=${encodeURIComponent(asked)}` : ''}`,
  );
  const likelihood = Number(query.get('likelihood'));
  const impact = Number(query.get('impact'));
  const cell = likelihood >= 1 && impact >= 1 ? { likelihood, impact } : null;

  if (error) return <Page title="Overview">{<Failure error={error} />}</Page>;
  if (!data)
    return (
      <Page title="Overview">
        <Loading />
      </Page>
    );
  const c = data.completeness;
  const inCell = cell
    ? data.matrix.filter((r) => r.likelihood === cell.likelihood && r.impact === cell.impact)
    : [];
  return (
    <Page title={`Overview for ${monthName(data.period)}`} caption="Commissioner">
      <MonthPicker
        months={session ? session.months.map((m) => m.period) : [data.period]}
        current={data.period}
        to={(p) => href('overview', { period: p })}
      />

      <h2 class="govuk-heading-m">How complete the month is</h2>
      {c ? (
        <ul class="cs-figures" data-testid="completeness">
          <Figure
            value={`${number(c.returns_received)} of ${number(c.returns_received + c.returns_missing + c.returns_awaited)}`}
            label="monthly returns received"
          />
          <Figure value={number(c.returns_missing)} label="returns missing" />
          <Figure value={number(c.returns_awaited)} label="returns not yet due" />
          <Figure
            value={number(c.providers_with_hours)}
            label="providers with commissioned hours (council feed)"
          />
          <Figure value={number(c.offers)} label="package offers (council feed)" />
          <Figure
            value={c.complete ? 'Complete' : 'Incomplete'}
            label={`${number(c.providers_scored)} providers scored`}
          />
        </ul>
      ) : (
        <p class="govuk-body">No completeness figures for this month.</p>
      )}

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <h2 class="govuk-heading-m">Risk matrix</h2>
          <RiskMatrix rows={data.matrix} period={data.period} selected={cell} />
        </div>
        <div class="govuk-grid-column-one-half">
          <h2 class="govuk-heading-m">Ratings and risk tiers</h2>
          <Counts
            caption="Overall ratings"
            order={ratingOrder}
            now={data.counts.ratings}
            before={data.counts.previous_ratings}
            previous={data.counts.previous_period}
            testid="rating-counts"
          />
          <Counts
            caption="Risk tiers"
            order={tierOrder}
            now={data.counts.tiers}
            before={data.counts.previous_tiers}
            previous={data.counts.previous_period}
            testid="tier-counts"
          />
        </div>
      </div>
      {cell ? (
        <div data-testid="cell-providers">
          <h3 class="govuk-heading-s" id="cell-providers" tabIndex={-1}>
            Likelihood {cell.likelihood}, impact {cell.impact}: {inCell.length}{' '}
            {inCell.length === 1 ? 'provider' : 'providers'}
          </h3>
          <ul class="govuk-list govuk-list--bullet">
            {inCell.map((r) => (
              <li key={r.provider_id}>
                <a class="govuk-link" href={href('providers', r.provider_id)} data-testid="cell-provider">
                  {r.provider_name ?? r.provider_id}
                </a>{' '}
                ({r.provider_id}) – risk score {r.risk_score}, <TierTag tier={r.risk_tier} />
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="govuk-body">Choose a number in the matrix to list the providers in that cell.</p>
      )}

      <h2 class="govuk-heading-m">Providers needing action</h2>
      {data.action_list.length === 0 ? (
        <p class="govuk-body">No provider needs action this month.</p>
      ) : (
        <Table
          scroll="Providers needing action (table)"
          data-testid="action-list"
          caption="Providers needing action, highest risk first"
          captionHidden
          columns={['Provider', 'Risk', 'Overall', 'Why']}
        >
          {data.action_list.map((a) => (
            <Row key={a.provider_id} data-testid="action-row" data-provider-id={a.provider_id}>
              <Cell>
                <a class="govuk-link" href={href('providers', a.provider_id)}>
                  {a.provider_name}
                </a>{' '}
                ({a.provider_id})
              </Cell>
              <Cell>
                <TierTag tier={a.risk_tier} /> {a.likelihood} × {a.impact} = {a.risk_score}
              </Cell>
              <Cell>
                <RatingTag rating={a.overall_rating} /> {score(a.overall_score)}
              </Cell>
              <Cell>
                <ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
                  {list(a.reasons).map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </Cell>
            </Row>
          ))}
        </Table>
      )}

      <h2 class="govuk-heading-m">Alerts for {monthName(data.period)}</h2>
      <AlertsTable alerts={data.alerts} onChange={reload} />
    </Page>
  );
}

function Figure({ value, label }: { value: string; label: string }) {
  return (
    <li class="cs-figure">
      <span class="cs-figure__value">{value}</span> <span class="cs-figure__label">{label}</span>
    </li>
  );
}

function Counts({
  caption,
  order,
  now,
  before,
  previous,
  testid,
}: {
  caption: string;
  order: string[];
  now: Record<string, number>;
  before: Record<string, number> | null;
  previous: string | null;
  testid: string;
}) {
  const keys = [
    ...order.filter((k) => k in now || (before && k in before)),
    ...Object.keys(now).filter((k) => !order.includes(k)),
  ];
  return (
    <TableScroll label={`${caption} (table)`}>
      <table class="govuk-table cs-counts" data-testid={testid}>
        <caption class="govuk-table__caption govuk-table__caption--s">
          {caption}
          {previous ? `, and the change since ${monthName(previous)}` : ''}
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              <span class="govuk-visually-hidden">Band</span>
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Providers
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Change
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {keys.map((k) => (
            <tr key={k} class="govuk-table__row" data-key={k}>
              <th scope="row" class="govuk-table__header">
                {k}
              </th>
              <td class="govuk-table__cell govuk-table__cell--numeric" data-testid="count">
                {now[k] ?? 0}
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {before ? signed((now[k] ?? 0) - (before[k] ?? 0)) : 'no earlier month'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
