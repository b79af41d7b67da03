// The method in words and tables, generated from the method config that scored (GET /api/method):
// change the config and this page changes with it. When serve was given a second method, a
// commissioner also sees what it would change (#/method?period=YYYY-MM picks the month).
import { useContext } from 'preact/hooks';
import { MethodComparison } from '../components/method-comparison.tsx';
import { Loading, Page } from '../components/page.tsx';
import { Cell, numeric, Row, RowHeader, Table } from '../components/table.tsx';
import { areaNames, percent, words } from '../format.ts';
import { bandWords } from '../kpi-words.ts';
import { MethodContext } from '../method-context.ts';
import { factorWords, limiterWords, triggerWords } from '../method-words.ts';
import type { Session } from '../types.ts';

const kindWords: Record<string, string> = {
  ratio: 'a share: numerator ÷ denominator from the returns',
  cqc_worst_rating: "the worst CQC overall rating of the provider's registered branches",
  safeguarding_rate: 'substantiated safeguarding records per 100 people served',
  yes_no: 'yes or no, from the self-assessment',
  offer_response_median: 'the median hours taken to answer package offers',
  offer_acceptance: 'the share of offered packages accepted',
  hours_ratio_band: 'hours delivered ÷ hours commissioned, scored by band',
  monthly_return_timeliness: "whether the month's return came on time",
  self_assessment_timeliness: 'whether the latest due self-assessment came on time',
};

export function Method({ session, query }: { session: Session | null; query: URLSearchParams }) {
  const doc = useContext(MethodContext);
  const compareWith = doc?.compare_with ?? null;
  if (!doc)
    return (
      <Page title="The scoring method">
        <Loading />
      </Page>
    );
  const m = doc.method;
  return (
    <Page title={`The scoring method, version ${doc.version}`}>
      <p class="govuk-body">
        Each provider is scored every month. Each KPI scores 1 to 4 points; an area's score is the weighted
        average of its scored KPIs' points (an area is Not scored when less than{' '}
        {percent(m.area_min_scored_weight_share, 0)} of its weight could be scored); the overall score is the
        weighted average of the areas' effective scores.
      </p>

      {compareWith && session?.identity.role === 'commissioner' ? (
        <MethodComparison
          version={compareWith}
          session={session}
          period={query.get('period') ?? ''}
          kpiNames={Object.fromEntries(m.kpis.map((k) => [k.id, k.name]))}
        />
      ) : null}

      <h2 class="govuk-heading-m">Ratings</h2>
      <Table data-testid="method-ratings" columns={['Rating', 'Score']}>
        {m.ratings.bands.map((b) => (
          <Row key={b.rating}>
            <RowHeader>{b.rating}</RowHeader>
            <Cell>{b.min_score} or more</Cell>
          </Row>
        ))}
        <Row>
          <RowHeader>{m.ratings.otherwise}</RowHeader>
          <Cell>below {m.ratings.bands.at(-1)?.min_score}</Cell>
        </Row>
      </Table>

      <h2 class="govuk-heading-m">Areas and KPIs</h2>
      {m.areas.map((area) => (
        <div key={area.id}>
          <h3 class="govuk-heading-s">
            {areaNames[area.id] ?? area.id} (weight {area.weight})
          </h3>
          <Table
            scroll={`${areaNames[area.id] ?? area.id} KPIs (table)`}
            data-testid="method-kpis"
            columns={[
              'KPI',
              'What it measures',
              numeric('Weight'),
              '4 points',
              '3 points',
              '2 points',
              '1 point',
            ]}
          >
            {m.kpis
              .filter((k) => k.area === area.id)
              .map((k) => (
                <Row key={k.id}>
                  <RowHeader>
                    {k.id} {k.name}
                  </RowHeader>
                  <Cell>
                    {kindWords[k.kind] ?? words(k.kind)}
                    {k.min_denominator !== undefined
                      ? `; scored when the denominator is at least ${k.min_denominator}`
                      : ''}
                  </Cell>
                  <Cell numeric>{k.weight}</Cell>
                  {[4, 3, 2, 1].map((p) => (
                    <Cell key={p}>{bandWords(k, p) ?? '—'}</Cell>
                  ))}
                </Row>
              ))}
          </Table>
        </div>
      ))}

      <h2 class="govuk-heading-m">Limiters</h2>
      <ul class="govuk-list govuk-list--bullet">
        {Object.keys(m.limiters)
          .filter((c) => c !== 'cap_scores')
          .concat(m.overall ? [m.overall.cap_code] : [])
          .map((c) => (
            <li key={c}>
              <strong>{c}</strong>: {limiterWords(c, m)}
            </li>
          ))}
      </ul>

      <h2 class="govuk-heading-m">Level 3 triggers</h2>
      <ul class="govuk-list govuk-list--bullet">
        {m.level3_triggers.map((t) => (
          <li key={t.code}>
            <strong>{t.code}</strong>: {triggerWords(t.code)}
          </li>
        ))}
      </ul>

      <h2 class="govuk-heading-m">Risk matrix</h2>
      <p class="govuk-body">
        Likelihood starts from the overall rating (
        {Object.entries(m.likelihood.base)
          .map(([r, n]) => `${r} ${n}`)
          .join(', ')}
        ), plus 1 for each factor, at most {m.likelihood.max}:
      </p>
      <ul class="govuk-list govuk-list--bullet">
        {Object.keys(m.likelihood.factors).map((f) => (
          <li key={f}>
            <strong>{f}</strong>: {factorWords(f, m)}
          </li>
        ))}
        {m.likelihood.override ? (
          <li>
            <strong>{m.likelihood.override.code}</strong>: {factorWords('L3', m)}
          </li>
        ) : null}
      </ul>
      <p class="govuk-body">
        Impact comes from the provider's largest share of a cluster's commissioned hours:{' '}
        {m.impact.bands
          .map((b) => `${b.inclusive ? 'up to' : 'under'} ${percent(b.upper, 0)} → ${b.impact}`)
          .join('; ')}
        ; more → {m.impact.otherwise}; no hours data → {m.impact.unknown_impact}.
      </p>
      <Table caption="Risk tiers (likelihood × impact)" captionSize="s" columns={['Tier', 'Risk score']}>
        {m.risk_tiers.map((t) => (
          <Row key={t.tier}>
            <RowHeader>{t.tier}</RowHeader>
            <Cell>{t.min_score} or more</Cell>
          </Row>
        ))}
      </Table>

      <h2 class="govuk-heading-m">When returns are due</h2>
      <ul class="govuk-list govuk-list--bullet">
        {Object.entries(m.due_dates).map(([type, d]) => (
          <li key={type}>
            {words(type)}: by {d.time} on day {d.day}, {d.months_after_period_start}{' '}
            {d.months_after_period_start === 1 ? 'month' : 'months'} after the start of the{' '}
            {type === 'self_assessment' ? 'quarter' : 'month'} (London time).
          </li>
        ))}
      </ul>

      <h2 class="govuk-heading-m">Alerts</h2>
      <ul class="govuk-list govuk-list--bullet">
        {Object.entries(m.alerts).map(([code, a]) => (
          <li key={code}>
            <strong>{code}</strong>: severity {a.severity}
          </li>
        ))}
      </ul>
    </Page>
  );
}
