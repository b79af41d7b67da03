// Clusters and trends: per cluster hours, HHI and ratings for a month (v_cluster_summary) and each
// provider's share of it (v_market_share), and the county-wide and per-cluster trends of ratings, tiers, the average score and key KPIs.
import { useContext } from 'preact/hooks';
import { Chart, monthDate, ratingColours, tierColours } from '../components/chart.tsx';
import { MonthPicker } from '../components/month-picker.tsx';
import { Failure, Loading, Page } from '../components/page.tsx';
import { Cell, numeric, Row, RowHeader, Table } from '../components/table.tsx';
import { monthName, number, percent, ratingOrder, score, tierOrder } from '../format.ts';
import { kpiValue } from '../kpi-words.ts';
import { MethodContext } from '../method-context.ts';
import { href } from '../router.ts';
import type { ClusterRow, MarketShareRow, Session } from '../types.ts';
import { useApi } from '../use-api.ts';

interface TrendMonth {
  period: string;
  providers: number;
  ratings: Record<string, number>;
  tiers: Record<string, number>;
  average_overall_score: number | null;
  kpis: Record<
    string,
    { kpi_name: string; providers: number; average: number | null; median: number | null }
  >;
}

/** The KPIs whose county-wide median is drawn month by month. */
const keyKpis = ['D01', 'D02', 'D05', 'Q02', 'W03', 'W06'];

export function Clusters({ session, query }: { session: Session | null; query: URLSearchParams }) {
  const asked = query.get('period') ?? '';
  const { data, error } = useApi<{ period: string; clusters: ClusterRow[]; shares: MarketShareRow[] }>(
    `/api/clusters${asked ? `?period=${encodeURIComponent(asked)}` : ''}`,
  );
  const { data: trends, error: trendsError } = useApi<{ months: TrendMonth[]; clusters: ClusterRow[] }>(
    '/api/trends',
  );
  const title = data ? `Clusters and trends, ${monthName(data.period)}` : 'Clusters and trends';
  return (
    <Page title={title} caption="Commissioner">
      {error ? (
        <Failure error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <MonthPicker
            months={session ? session.months.map((m) => m.period) : [data.period]}
            current={data.period}
            to={(p) => href('clusters', { period: p })}
          />
          <ClusterMonth rows={data.clusters} />
          <ClusterShares clusters={data.clusters} shares={data.shares} />
        </>
      )}
      <h2 class="govuk-heading-l">Trends</h2>
      {trendsError ? (
        <Failure error={trendsError} />
      ) : !trends ? (
        <Loading />
      ) : (
        <Trends months={trends.months} clusters={trends.clusters} />
      )}
    </Page>
  );
}

/** Each cluster's providers and their shares of its commissioned hours, largest first. */
function ClusterShares({ clusters, shares }: { clusters: ClusterRow[]; shares: MarketShareRow[] }) {
  const withHours = clusters.filter((c) => shares.some((s) => s.cluster_id === c.cluster_id));
  return (
    <>
      <h2 class="govuk-heading-m">Providers' shares of each cluster</h2>
      <p class="govuk-body">
        A provider's market share in a cluster is its commissioned hours there over all providers' hours
        there, in the weeks ending in the month; the risk matrix's impact uses each provider's largest share.
      </p>
      {withHours.length === 0 ? (
        <p class="govuk-body">No commissioned hours are recorded for this month.</p>
      ) : (
        withHours.map((c) => {
          const rows = shares.filter((s) => s.cluster_id === c.cluster_id);
          return (
            <details key={c.cluster_id} class="govuk-details" data-shares={c.cluster_id}>
              <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">
                  {String(c.cluster_name ?? c.cluster_id)} ({c.cluster_id}): {rows.length} providers, HHI{' '}
                  {c.hhi === null ? '—' : String(c.hhi)}
                </span>
              </summary>
              <div class="govuk-details__text">
                <Table
                  scroll={`Providers' shares in ${String(c.cluster_name ?? c.cluster_id)}`}
                  caption={`Each provider's commissioned hours and share in ${String(c.cluster_name ?? c.cluster_id)}`}
                  captionHidden
                  columns={['Provider', numeric('Hours'), numeric('Share')]}
                >
                  {rows.map((r) => (
                    <Row key={r.provider_id}>
                      <RowHeader>
                        <a class="govuk-link" href={href('providers', r.provider_id)}>
                          {r.provider_name ?? r.provider_id} ({r.provider_id})
                        </a>
                      </RowHeader>
                      <Cell numeric>{number(r.hours, 0)}</Cell>
                      <Cell numeric>{percent(r.share)}</Cell>
                    </Row>
                  ))}
                </Table>
              </div>
            </details>
          );
        })
      )}
    </>
  );
}

function ClusterMonth({ rows }: { rows: ClusterRow[] }) {
  const name = (r: ClusterRow) => String(r.cluster_name ?? r.cluster_id);
  return (
    <>
      <h2 class="govuk-heading-m">Clusters</h2>
      <Chart
        title="Commissioned hours per cluster"
        deps={[rows]}
        draw={(Plot) =>
          Plot.plot({
            className: 'cs-plot',
            width: 640,
            height: Math.max(120, rows.length * 22 + 40),
            marginLeft: 200,
            x: { label: 'Commissioned hours', grid: true },
            y: { label: null },
            marks: [
              Plot.barX(rows, { y: name, x: 'commissioned_hours', fill: '#1d70b8', sort: { y: '-x' } }),
              Plot.ruleX([0]),
            ],
          })
        }
      />
      <Table
        scroll="Clusters (table)"
        data-testid="clusters"
        caption="Each cluster's providers, hours, concentration, ratings and risk tiers"
        captionHidden
        columns={['Cluster', numeric('Providers'), numeric('Hours'), numeric('HHI'), 'Ratings', 'Risk tiers']}
      >
        {rows.map((r) => (
          <Row key={r.cluster_id} data-cluster={r.cluster_id}>
            <RowHeader>
              {name(r)} ({r.cluster_id})
            </RowHeader>
            <Cell numeric>{r.providers}</Cell>
            <Cell numeric>{number(r.commissioned_hours, 0)}</Cell>
            <Cell numeric>{r.hhi === null ? '—' : String(r.hhi)}</Cell>
            <Cell>{counts(r, ratingOrder)}</Cell>
            <Cell>{counts(r, tierOrder)}</Cell>
          </Row>
        ))}
      </Table>
    </>
  );
}

/** 'Good 2, Inadequate 1' from a cluster row's count columns (outstanding, good, …). */
function counts(row: ClusterRow, names: string[]): string {
  const parts = names
    .map((n) => [n, Number(row[n.toLowerCase().replace(/ /g, '_')] ?? 0)] as const)
    .filter(([, k]) => k > 0)
    .map(([n, k]) => `${n} ${k}`);
  return parts.length ? parts.join(', ') : '—';
}

function Trends({ months, clusters }: { months: TrendMonth[]; clusters: ClusterRow[] }) {
  const method = useContext(MethodContext)?.method;
  const config = new Map((method?.kpis ?? []).map((k) => [k.id, k]));
  const medians = months.flatMap((m) =>
    keyKpis
      .filter((id) => m.kpis[id]?.median !== null && m.kpis[id]?.median !== undefined)
      .map((id) => ({ period: m.period, kpi: id, median: m.kpis[id]!.median as number })),
  );
  return (
    <>
      <h2 class="govuk-heading-m">County-wide</h2>
      <BandsByMonth
        months={months}
        bands="ratings"
        order={ratingOrder}
        colours={ratingColours}
        title="Overall ratings by month (number of providers)"
        label="Ratings"
      />
      <BandsByMonth
        months={months}
        bands="tiers"
        order={tierOrder}
        colours={tierColours}
        title="Risk tiers by month (number of providers)"
        label="Risk tiers"
      />
      <Chart
        title="Average overall score by month"
        deps={[months]}
        draw={(Plot) =>
          Plot.plot({
            className: 'cs-plot',
            width: 640,
            height: 220,
            marginLeft: 40,
            x: { type: 'utc', label: null },
            y: { domain: [1, 4], label: 'Average score', grid: true },
            marks: [
              Plot.line(months, {
                x: (d: TrendMonth) => monthDate(d.period),
                y: 'average_overall_score',
                marker: 'circle',
              }),
            ],
          })
        }
        table={
          <TrendTable
            months={months}
            pick={(m) => score(m.average_overall_score)}
            label="Average overall score"
          />
        }
      />
      <Chart
        title={`Median of key KPIs by month: ${keyKpis.map((id) => `${id} ${config.get(id)?.name ?? ''}`).join('; ')}`}
        deps={[months]}
        draw={(Plot) =>
          Plot.plot({
            className: 'cs-plot',
            width: 640,
            height: 260,
            marginLeft: 50,
            marginRight: 40,
            x: { type: 'utc', label: null },
            y: { label: 'Median', tickFormat: '.0%', grid: true },
            marks: [
              Plot.line(medians, {
                x: (d: { period: string }) => monthDate(d.period),
                y: 'median',
                z: 'kpi',
                stroke: 'kpi',
                marker: 'circle',
              }),
              Plot.text(
                medians,
                Plot.selectLast({
                  x: (d: { period: string }) => monthDate(d.period),
                  y: 'median',
                  z: 'kpi',
                  text: 'kpi',
                  dx: 14,
                }),
              ),
            ],
          })
        }
        table={
          <TrendTable
            months={months}
            pick={(m) =>
              keyKpis
                .map(
                  (id) =>
                    `${id} ${m.kpis[id]?.median === null || m.kpis[id]?.median === undefined ? '—' : kpiValue(config.get(id), m.kpis[id]!.median!)}`,
                )
                .join(', ')
            }
            label="Medians"
          />
        }
      />
      <h2 class="govuk-heading-m">By cluster</h2>
      <Chart
        title="Market concentration (HHI) per cluster by month"
        deps={[clusters]}
        draw={(Plot) =>
          Plot.plot({
            className: 'cs-plot',
            width: 640,
            height: 260,
            marginLeft: 40,
            x: { type: 'utc', label: null },
            y: { domain: [0, 1], label: 'HHI', grid: true },
            marks: [
              Plot.line(clusters, {
                x: (d: ClusterRow) => monthDate(d.period),
                y: 'hhi',
                z: 'cluster_id',
                stroke: '#505a5f',
                strokeOpacity: 0.6,
                tip: false,
              }),
            ],
          })
        }
        table={
          <Table columns={['Cluster', 'Month', numeric('HHI'), numeric('Hours')]}>
            {clusters.map((c) => (
              <Row key={`${c.cluster_id}-${c.period}`}>
                <Cell>{String(c.cluster_name ?? c.cluster_id)}</Cell>
                <Cell>{monthName(c.period)}</Cell>
                <Cell numeric>{c.hhi === null ? '—' : String(c.hhi)}</Cell>
                <Cell numeric>{number(c.commissioned_hours)}</Cell>
              </Row>
            ))}
          </Table>
        }
      />
    </>
  );
}

/** How many providers had each rating (or tier) month by month: stacked bars, and their table. */
function BandsByMonth({
  months,
  bands,
  order,
  colours,
  title,
  label,
}: {
  months: TrendMonth[];
  bands: 'ratings' | 'tiers';
  order: string[];
  colours: Record<string, string>;
  title: string;
  label: string;
}) {
  const stacked = months.flatMap((m) =>
    order.map((band) => ({ period: m.period, band, n: m[bands][band] ?? 0 })),
  );
  return (
    <Chart
      title={title}
      deps={[months]}
      legend={order.map((band) => ({ label: band, colour: colours[band]! }))}
      draw={(Plot) =>
        Plot.plot({
          className: 'cs-plot',
          width: 640,
          height: 240,
          x: {
            type: 'band',
            label: null,
            tickFormat: (d: string) => monthName(d).replace(/ (\d\d)(\d\d)$/, " '$2"),
          },
          y: { label: 'Providers', grid: true },
          color: { domain: order, range: order.map((r) => colours[r]!) },
          marks: [Plot.barY(stacked, { x: 'period', y: 'n', fill: 'band', order }), Plot.ruleY([0])],
        })
      }
      table={
        <TrendTable
          months={months}
          pick={(m) => order.map((r) => `${r} ${m[bands][r] ?? 0}`).join(', ')}
          label={label}
        />
      }
    />
  );
}

function TrendTable({
  months,
  pick,
  label,
}: {
  months: TrendMonth[];
  pick: (m: TrendMonth) => string;
  label: string;
}) {
  return (
    <Table columns={['Month', label]}>
      {months.map((m) => (
        <Row key={m.period}>
          <Cell>{monthName(m.period)}</Cell>
          <Cell>{pick(m)}</Cell>
        </Row>
      ))}
    </Table>
  );
}
