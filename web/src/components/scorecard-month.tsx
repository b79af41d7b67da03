// One provider's month: the overall score and rating, each area and each KPI in words, limiters and
// Level 3 triggers explained, the self-rating beside the computed one, the risk and the evidence.
import { useContext } from 'preact/hooks';
import { areaNames, list, monthName, percent, score } from '../format.ts';
import { explainKpi } from '../kpi-words.ts';
import { MethodContext } from '../method-context.ts';
import { factorWords, limiterWords, selfRatingWords, triggerWords } from '../method-words.ts';
import type { ProviderMonth } from '../types.ts';
import { RatingTag, TierTag } from './page.tsx';
import { SubmissionsTable } from './submissions-table.tsx';
import { Cell, numeric, Row, RowHeader, Table } from './table.tsx';

export function ScorecardMonth({ month, providerId }: { month: ProviderMonth; providerId: string }) {
  const method = useContext(MethodContext)?.method;
  const s = month.scorecard;
  if (!s) return <p class="govuk-body">No scorecard for this month.</p>;
  const self = month.self_assessment[0];
  const kpiConfig = new Map((method?.kpis ?? []).map((k) => [k.id, k]));
  const areas = method?.areas.map((a) => a.id) ?? [...new Set(month.areas.map((a) => a.area))];
  return (
    <div data-testid="scorecard-month" data-period={s.period}>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Overall</dt>
          <dd class="govuk-summary-list__value" data-testid="overall">
            <RatingTag rating={s.overall_rating} /> score {score(s.overall_score)}
            {s.overall_rating_before_cap && s.overall_rating_before_cap !== s.overall_rating
              ? ` (the score alone would be ${s.overall_rating_before_cap})`
              : ''}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Limits on the overall rating</dt>
          <dd class="govuk-summary-list__value">
            <Explained codes={list(s.overall_limiters)} none="None." words={(c) => limiterWords(c, method)} />
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Level 3 triggers</dt>
          <dd class="govuk-summary-list__value" data-testid="level3">
            <Explained codes={list(s.level3_triggers)} none="None." words={triggerWords} />
            {list(s.level3_triggers).length > 0 ? (
              <p class="govuk-body-s">
                A trigger proposes a referral embargo; the council confirms it by recording a level 3
                sanction.
              </p>
            ) : null}
          </dd>
        </div>
        {month.risk ? (
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Risk</dt>
            <dd class="govuk-summary-list__value" data-testid="risk">
              <TierTag tier={month.risk.risk_tier} /> likelihood {month.risk.likelihood} × impact{' '}
              {month.risk.impact} = {month.risk.risk_score}. Impact from{' '}
              {month.risk.impact_basis === 'unknown'
                ? 'no commissioned hours (unknown)'
                : `the largest cluster market share, ${percent(month.risk.max_market_share)}`}
              .
              <Explained codes={list(month.risk.factors)} none="" words={(c) => factorWords(c, method)} />
            </dd>
          </div>
        ) : null}
        {month.action ? (
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Why action is needed</dt>
            <dd class="govuk-summary-list__value" data-testid="action-reasons">
              <ul class="govuk-list govuk-list--bullet">
                {list(month.action.reasons).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>

      <h2 class="govuk-heading-m">Areas: computed and self-rated</h2>
      <Table
        scroll="Areas (table)"
        data-testid="areas"
        caption="Each area's computed rating beside the provider's own self-rating"
        captionHidden
        columns={['Area', 'Computed rating', numeric('Score'), 'Self-rating', 'Limiters']}
      >
        {areas.map((id) => {
          const a = month.areas.find((r) => r.area === id);
          return (
            <Row key={id} data-area={id}>
              <RowHeader>{areaNames[id] ?? id}</RowHeader>
              <Cell>
                <RatingTag rating={a?.rating} />
              </Cell>
              <Cell numeric>
                {score(a?.score)}
                {a && a.effective_score !== a.score ? ` (limited to ${score(a.effective_score)})` : ''}
              </Cell>
              <Cell data-testid="self-rating">
                {self ? selfRatingWords(self[`self_rating_${id}`]) : 'No self-assessment for this quarter'}
              </Cell>
              <Cell>
                <Explained codes={list(a?.limiters)} none="None" words={(c) => limiterWords(c, method)} />
              </Cell>
            </Row>
          );
        })}
      </Table>

      {areas.map((id) => {
        const kpis = month.kpis.filter((k) => k.area === id);
        if (kpis.length === 0) return null;
        return (
          <div key={id}>
            <h3 class="govuk-heading-s">{areaNames[id] ?? id}: KPIs</h3>
            <Table
              scroll={`${areaNames[id] ?? id} KPIs (table)`}
              data-testid="kpis"
              data-area={id}
              caption={`${areaNames[id] ?? id} KPIs for ${monthName(s.period)}`}
              captionHidden
              columns={['KPI', 'Value and band', numeric('Points'), numeric('Weight')]}
            >
              {kpis.map((k) => (
                <Row key={k.kpi_id} data-kpi={k.kpi_id}>
                  <RowHeader>
                    {k.kpi_id} {k.kpi_name ?? kpiConfig.get(k.kpi_id)?.name ?? ''}
                  </RowHeader>
                  <Cell data-testid="kpi-words">{explainKpi(k, kpiConfig.get(k.kpi_id))}</Cell>
                  <Cell numeric>{k.points ?? '—'}</Cell>
                  <Cell numeric>{k.weight}</Cell>
                </Row>
              ))}
            </Table>
          </div>
        );
      })}

      <h2 class="govuk-heading-m">Evidence: the submissions this month was scored from</h2>
      <SubmissionsTable rows={month.evidence} providerId={providerId} />
    </div>
  );
}

function Explained({
  codes,
  none,
  words,
}: {
  codes: string[];
  none: string;
  words: (code: string) => string;
}) {
  if (codes.length === 0) return none ? <span>{none}</span> : null;
  return (
    <ul class="govuk-list govuk-!-margin-bottom-0">
      {codes.map((c) => (
        <li key={c}>
          <strong>{c}</strong>: {words(c)}
        </li>
      ))}
    </ul>
  );
}
