// A provider, for the commissioner: why it needs action, its alerts, scorecard history, KPI trends,
// CQC ratings, sanctions, market share per cluster, risk factors, and the evidence (its
// submissions and their reports).
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { getJson } from '../api.ts';
import { AlertsTable } from '../components/alerts.tsx';
import { Chart, monthDate } from '../components/chart.tsx';
import { ScorecardHistory } from '../components/history.tsx';
import { Failure, Loading, Page, RatingTag, TierTag } from '../components/page.tsx';
import { ScorecardMonth } from '../components/scorecard-month.tsx';
import { SubmissionsTable } from '../components/submissions-table.tsx';
import { Cell, numeric, Row, RowHeader, Table } from '../components/table.tsx';
import { areaNames, date, list, monthName, percent } from '../format.ts';
import { kpiValue } from '../kpi-words.ts';
import { MethodContext } from '../method-context.ts';
import { factorWords } from '../method-words.ts';
import { href } from '../router.ts';
import type {
  AlertRow,
  GenericRow,
  KpiRow,
  ProviderDetail,
  ProviderMonth,
  Session,
  SubmissionRow,
} from '../types.ts';
import { useApi } from '../use-api.ts';
import { defaultMonth } from './my-scorecard.tsx';

export function Provider({ providerId, session }: { providerId: string; session: Session }) {
  const base = `/api/providers/${encodeURIComponent(providerId)}`;
  const { data, error } = useApi<ProviderDetail>(base);
  const period = data
    ? defaultMonth(
        null,
        data.scorecards.map((s) => s.period),
        session.latest_complete,
      )
    : null;
  const { data: month } = useApi<ProviderMonth>(period ? `${base}/months/${period}` : null);
  const { data: alerts, reload: reloadAlerts } = useApi<{ alerts: AlertRow[] }>('/api/alerts');
  const { data: submissions } = useApi<{ submissions: SubmissionRow[] }>(`${base}/submissions`);
  const method = useContext(MethodContext)?.method;

  if (error)
    return (
      <Page title={`Provider ${providerId}`}>
        <Failure error={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title={`Provider ${providerId}`}>
        <Loading />
      </Page>
    );
  const p = data.provider;
  const latestRisk = data.risk.find((r) => r.period === period) ?? data.risk.at(-1);
  const latest = data.scorecards.find((s) => s.period === period);
  const own = (alerts?.alerts ?? []).filter((a) => a.provider_id === providerId);
  return (
    <Page title={p.provider_name} caption={`Provider ${providerId}`}>
      <a class="govuk-back-link" href={href('overview', period ? { period } : {})}>
        Back to the overview
      </a>
      <dl class="govuk-summary-list">
        <SummaryRow label={`Latest complete month (${monthName(period)})`}>
          {latest ? <RatingTag rating={latest.overall_rating} /> : 'Not scored'}{' '}
          {latestRisk ? (
            <>
              risk <TierTag tier={latestRisk.risk_tier} /> {latestRisk.likelihood} × {latestRisk.impact} ={' '}
              {latestRisk.risk_score}, contract {latestRisk.maturity}, intensity {latestRisk.intensity}
            </>
          ) : null}
          {period ? (
            <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
              <a class="govuk-link" href={href('providers', providerId, 'months', period)}>
                The full scorecard for {monthName(period)}
              </a>
            </p>
          ) : null}
        </SummaryRow>
        <SummaryRow label="Branches">
          <ul class="govuk-list govuk-!-margin-bottom-0">
            {(p.branches ?? []).map((b) => (
              <li key={`${b.branch_id}-${b.cluster_id ?? ''}`}>
                {b.branch_id} {b.branch_name ? `– ${b.branch_name}` : ''}{' '}
                {b.cluster_id ? `(cluster ${b.cluster_id})` : ''}
              </li>
            ))}
          </ul>
        </SummaryRow>
      </dl>

      <h2 class="govuk-heading-m" id="why">
        Why it needs action
      </h2>
      {month?.action ? (
        <ul class="govuk-list govuk-list--bullet" data-testid="why-action">
          {list(month.action.reasons).map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : month ? (
        <p class="govuk-body" data-testid="why-action">
          It is not on the action list for {monthName(period)}.
        </p>
      ) : (
        <Loading />
      )}
      {latestRisk && list(latestRisk.factors).length > 0 ? (
        <>
          <h3 class="govuk-heading-s">Risk factors in {monthName(latestRisk.period)}</h3>
          <ul class="govuk-list govuk-list--bullet" data-testid="risk-factors">
            {list(latestRisk.factors).map((f) => (
              <li key={f}>
                <strong>{f}</strong>: {factorWords(f, method)}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 class="govuk-heading-m">Alerts</h2>
      {alerts ? <AlertsTable alerts={own} onChange={reloadAlerts} /> : <Loading />}

      <h2 class="govuk-heading-m">Scorecard history</h2>
      <ScorecardHistory
        scorecards={data.scorecards}
        risk={data.risk}
        monthHref={(m) => href('providers', providerId, 'months', m)}
      />

      <h2 class="govuk-heading-m">KPI trends</h2>
      <KpiTrends base={base} periods={data.scorecards.map((s) => s.period)} />

      <h2 class="govuk-heading-m">CQC ratings</h2>
      <RowsTable
        rows={data.cqc}
        testid="cqc"
        columns={[
          ['location_id', 'Location'],
          ['rating', 'Rating'],
          ['report_date', 'Report date'],
          ['registration_status', 'Registration'],
        ]}
      />

      <h2 class="govuk-heading-m">Sanctions</h2>
      <RowsTable
        rows={data.sanctions}
        testid="sanctions"
        columns={[
          ['sanction_id', 'Sanction'],
          ['type', 'Type'],
          ['level', 'Level'],
          ['trigger', 'Trigger'],
          ['evidenced_on', 'Evidenced'],
          ['action_plan_received_on', 'Action plan received'],
          ['lifted_on', 'Lifted'],
        ]}
      />

      <h2 class="govuk-heading-m">Market share per cluster</h2>
      <MarketShare rows={data.market_share} period={period} />

      <h2 class="govuk-heading-m">Evidence: submissions and their reports</h2>
      {submissions ? (
        <SubmissionsTable rows={submissions.submissions} providerId={providerId} />
      ) : (
        <Loading />
      )}
    </Page>
  );
}

export function ProviderMonthPage({ providerId, period }: { providerId: string; period: string }) {
  const base = `/api/providers/${encodeURIComponent(providerId)}`;
  const { data, error } = useApi<ProviderMonth>(`${base}/months/${encodeURIComponent(period)}`);
  const name = data?.scorecard?.provider_name ?? providerId;
  return (
    <Page title={`Scorecard for ${monthName(period)}`} caption={`${name} (${providerId})`}>
      <a class="govuk-back-link" href={href('providers', providerId)}>
        Back to the provider
      </a>
      {error ? (
        <Failure error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <ScorecardMonth month={data} providerId={providerId} />
      )}
    </Page>
  );
}

function SummaryRow({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

function cell(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return date(v);
  return String(v);
}

function RowsTable({
  rows,
  columns,
  testid,
}: {
  rows: GenericRow[];
  columns: [string, string][];
  testid: string;
}) {
  if (rows.length === 0) return <p class="govuk-body">None recorded.</p>;
  return (
    <Table scroll={`${testid} (table)`} data-testid={testid} columns={columns.map(([, label]) => label)}>
      {rows.map((r, k) => (
        <Row key={k}>
          {columns.map(([c]) => (
            <Cell key={c}>{cell(r[c])}</Cell>
          ))}
        </Row>
      ))}
    </Table>
  );
}

function MarketShare({ rows, period }: { rows: GenericRow[]; period: string | null }) {
  if (rows.length === 0) return <p class="govuk-body">No commissioned hours recorded.</p>;
  const shown = rows.filter((r) => r.period === period);
  const list = shown.length > 0 ? shown : rows;
  return (
    <>
      <Chart
        title="Share of each cluster's commissioned hours by month"
        deps={[rows]}
        draw={(Plot) =>
          Plot.plot({
            className: 'cs-plot',
            width: 640,
            height: 240,
            marginLeft: 50,
            y: { domain: [0, 1], label: 'Share', tickFormat: '.0%', grid: true },
            x: { type: 'utc', label: null },
            color: { type: 'categorical' },
            marks: [
              Plot.line(rows, {
                x: (d: GenericRow) => monthDate(String(d.period)),
                y: 'share',
                stroke: 'cluster_id',
                marker: 'circle',
              }),
              Plot.text(
                rows,
                Plot.selectLast({
                  x: (d: GenericRow) => monthDate(String(d.period)),
                  y: 'share',
                  z: 'cluster_id',
                  text: 'cluster_id',
                  dx: 12,
                }),
              ),
            ],
          })
        }
      />
      <Table
        scroll="Market share (table)"
        data-testid="market-share"
        caption={period && shown.length > 0 ? monthName(period) : 'Every month'}
        captionSize="s"
        columns={['Cluster', 'Month', numeric('Hours'), numeric('Cluster hours'), numeric('Share')]}
      >
        {list.map((r) => (
          <Row key={`${String(r.cluster_id)}-${String(r.period)}`}>
            <Cell>{String(r.cluster_id)}</Cell>
            <Cell>{monthName(String(r.period))}</Cell>
            <Cell numeric>{String(r.hours ?? '—')}</Cell>
            <Cell numeric>{String(r.cluster_hours ?? '—')}</Cell>
            <Cell numeric>{percent(r.share as number | null)}</Cell>
          </Row>
        ))}
      </Table>
    </>
  );
}

/** Each KPI's value month by month: one small chart per area, a line per KPI. */
function KpiTrends({ base, periods }: { base: string; periods: string[] }) {
  const method = useContext(MethodContext)?.method;
  const [kpis, setKpis] = useState<KpiRow[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const key = periods.join(',');
  useEffect(() => {
    let live = true;
    setKpis(null);
    Promise.all(periods.map((p) => getJson<ProviderMonth>(`${base}/months/${p}`))).then(
      (months) => live && setKpis(months.flatMap((m) => m.kpis)),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [base, key]);
  if (error) return <Failure error={error} />;
  if (!kpis) return <Loading />;
  const config = new Map((method?.kpis ?? []).map((k) => [k.id, k]));
  const shares = kpis.filter(
    (k) => k.value !== null && ['ratio', 'offer_acceptance'].includes(config.get(k.kpi_id)?.kind ?? ''),
  );
  const areas = [...new Set(shares.map((k) => k.area))];
  return (
    <div data-testid="kpi-trends">
      {areas.map((area) => {
        const rows = shares.filter((k) => k.area === area);
        const ids = [...new Set(rows.map((k) => k.kpi_id))];
        return (
          <Chart
            key={area}
            title={`${areaNames[area] ?? area}: ${ids.map((id) => `${id} ${config.get(id)?.name ?? ''}`).join('; ')}`}
            deps={[rows]}
            draw={(Plot) =>
              Plot.plot({
                className: 'cs-plot',
                width: 640,
                height: 220,
                marginLeft: 50,
                marginRight: 40,
                y: { label: 'Value', tickFormat: '.0%', grid: true },
                x: { type: 'utc', label: null },
                marks: [
                  Plot.line(rows, {
                    x: (d: KpiRow) => monthDate(d.period),
                    y: 'value',
                    z: 'kpi_id',
                    stroke: 'kpi_id',
                    marker: 'circle',
                  }),
                  Plot.text(
                    rows,
                    Plot.selectLast({
                      x: (d: KpiRow) => monthDate(d.period),
                      y: 'value',
                      z: 'kpi_id',
                      text: 'kpi_id',
                      dx: 14,
                    }),
                  ),
                ],
              })
            }
            table={
              <Table columns={['KPI', ...periods.map((p) => numeric(monthName(p)))]}>
                {ids.map((id) => (
                  <Row key={id}>
                    <RowHeader>{id}</RowHeader>
                    {periods.map((p) => {
                      const v = rows.find((r) => r.kpi_id === id && r.period === p)?.value;
                      return (
                        <Cell key={p} numeric>
                          {v === undefined || v === null ? '—' : kpiValue(config.get(id), v)}
                        </Cell>
                      );
                    })}
                  </Row>
                ))}
              </Table>
            }
          />
        );
      })}
    </div>
  );
}
