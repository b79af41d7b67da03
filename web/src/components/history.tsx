// A provider's scorecard history: the overall score month by month against the rating bands (a
// Plot chart), and each month's ratings in a table whose months open that month's scorecard.
import { useContext } from 'preact/hooks';
import { monthName, score } from '../format.ts';
import { MethodContext } from '../method-context.ts';
import type { RiskRow, ScorecardRow } from '../types.ts';
import { Chart, monthDate, ratingColours, tierColours } from './chart.tsx';
import { RatingTag, TierTag } from './page.tsx';
import { Cell, numeric, Row, RowHeader, Table } from './table.tsx';

export function ScorecardHistory({
  scorecards,
  risk,
  monthHref,
}: {
  scorecards: ScorecardRow[];
  risk: RiskRow[];
  monthHref: (period: string) => string;
}) {
  const method = useContext(MethodContext)?.method;
  const bands = method?.ratings.bands ?? [];
  const scored = scorecards.filter((s) => s.overall_score !== null);
  const riskByMonth = new Map(risk.map((r) => [r.period, r]));
  const rows = [...scorecards].sort((a, b) => b.period.localeCompare(a.period));
  return (
    <>
      {scored.length > 0 ? (
        <Chart
          title="Overall score by month, against the rating bands"
          deps={[scorecards, bands]}
          legend={Object.entries(ratingColours)
            .filter(([k]) => k !== 'Not scored')
            .map(([label, colour]) => ({ label, colour }))}
          draw={(Plot) =>
            Plot.plot({
              className: 'cs-plot',
              width: 640,
              height: 260,
              marginLeft: 40,
              y: { domain: [1, 4], label: 'Overall score', grid: true },
              x: { type: 'utc', label: null },
              marks: [
                Plot.ruleY(
                  bands.map((b) => b.min_score),
                  { stroke: '#858686', strokeDasharray: '4,3' },
                ),
                Plot.line(scored, {
                  x: (d: ScorecardRow) => monthDate(d.period),
                  y: 'overall_score',
                  stroke: '#0b0c0c',
                }),
                Plot.dot(scored, {
                  x: (d: ScorecardRow) => monthDate(d.period),
                  y: 'overall_score',
                  r: 5,
                  fill: (d: ScorecardRow) => ratingColours[d.overall_rating] ?? '#858686',
                  stroke: '#0b0c0c',
                  title: (d: ScorecardRow) =>
                    `${monthName(d.period)}: ${score(d.overall_score)} ${d.overall_rating}`,
                }),
              ],
            })
          }
        />
      ) : null}
      {risk.length > 0 ? (
        <Chart
          title="Risk score by month (likelihood × impact)"
          deps={[risk]}
          legend={Object.entries(tierColours).map(([label, colour]) => ({ label, colour }))}
          draw={(Plot) =>
            Plot.plot({
              className: 'cs-plot',
              width: 640,
              height: 220,
              marginLeft: 40,
              y: { domain: [0, 25], label: 'Risk score', grid: true },
              x: { type: 'utc', label: null },
              marks: [
                Plot.ruleY([5, 10, 16], { stroke: '#858686', strokeDasharray: '4,3' }),
                Plot.line(risk, {
                  x: (d: RiskRow) => monthDate(d.period),
                  y: 'risk_score',
                  stroke: '#0b0c0c',
                }),
                Plot.dot(risk, {
                  x: (d: RiskRow) => monthDate(d.period),
                  y: 'risk_score',
                  r: 5,
                  fill: (d: RiskRow) => tierColours[d.risk_tier] ?? '#858686',
                  stroke: '#0b0c0c',
                }),
              ],
            })
          }
        />
      ) : null}
      <Table
        scroll="Scorecards by month (table)"
        data-testid="history"
        caption="Scorecards by month"
        captionSize="m"
        columns={['Month', 'Overall', numeric('Score'), 'Quality', 'Delivery', 'Risk']}
      >
        {rows.map((s) => (
          <Row key={s.period} data-period={s.period}>
            <RowHeader>
              <a class="govuk-link" href={monthHref(s.period)}>
                {monthName(s.period)}
              </a>
            </RowHeader>
            <Cell>
              <RatingTag rating={s.overall_rating} />
            </Cell>
            <Cell numeric>{score(s.overall_score)}</Cell>
            <Cell>
              <RatingTag rating={s.quality_rating} />
            </Cell>
            <Cell>
              <RatingTag rating={s.delivery_rating} />
            </Cell>
            <Cell>
              {riskByMonth.get(s.period) ? (
                <>
                  <TierTag tier={riskByMonth.get(s.period)!.risk_tier} />{' '}
                  {riskByMonth.get(s.period)!.risk_score}
                </>
              ) : (
                '—'
              )}
            </Cell>
          </Row>
        ))}
      </Table>
    </>
  );
}
