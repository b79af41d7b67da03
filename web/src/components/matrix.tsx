// The 5 × 5 likelihood × impact matrix as a table of links (better for screen readers than a
// picture): each cell counts its providers and opens the list of them.
import { href } from '../router.ts';
import type { RiskRow } from '../types.ts';

const tierOf = (score: number) =>
  score >= 16 ? 'critical' : score >= 10 ? 'high' : score >= 5 ? 'moderate' : 'low';

export function RiskMatrix({
  rows,
  period,
  selected,
}: {
  rows: RiskRow[];
  period: string;
  selected: { likelihood: number; impact: number } | null;
}) {
  const count = (l: number, i: number) => rows.filter((r) => r.likelihood === l && r.impact === i).length;
  return (
    <table class="cs-matrix govuk-body" data-testid="risk-matrix">
      <caption class="govuk-table__caption govuk-table__caption--s">
        {rows.length} providers by likelihood of failure (rows, 5 at the top) and impact (columns)
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <span class="govuk-visually-hidden">Likelihood</span>
          </th>
          {[1, 2, 3, 4, 5].map((i) => (
            <th key={i} scope="col">
              <span class="govuk-visually-hidden">Impact </span>
              {i}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[5, 4, 3, 2, 1].map((l) => (
          <tr key={l}>
            <th scope="row">
              <span class="govuk-visually-hidden">Likelihood </span>
              {l}
            </th>
            {[1, 2, 3, 4, 5].map((i) => {
              const n = count(l, i);
              const isSelected = selected?.likelihood === l && selected.impact === i;
              return (
                <td
                  key={i}
                  class={`cs-tier-${tierOf(l * i)}${isSelected ? ' cs-selected' : ''}`}
                  data-testid="matrix-cell"
                  data-likelihood={l}
                  data-impact={i}
                  data-count={n}
                >
                  {n > 0 ? (
                    <a
                      class="govuk-link"
                      href={href('overview', { period, likelihood: String(l), impact: String(i) })}
                      aria-current={isSelected ? 'true' : undefined}
                    >
                      {n}
                      <span class="govuk-visually-hidden">
                        {' '}
                        {n === 1 ? 'provider' : 'providers'} with likelihood {l} and impact {i}
                      </span>
                    </a>
                  ) : (
                    <span>
                      <span aria-hidden="true">·</span>
                      <span class="govuk-visually-hidden">none</span>
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
