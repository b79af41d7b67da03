// METHODOLOGY §4 and §8 "The overall cap": area-weighted overall score, banded, then capped at
// the lower of the quality and delivery ratings (rating only, never the score). The weighted sum
// is an Arquero derive written from the method's area weights, in area order; the banding and cap
// derives of the area columns.
import { AREAS, type MethodConfig } from './config.ts';
import { col, lit, sum, type Table } from './provider-months.ts';
import { rankExpression, rankedRatingExpression, ratingExpression } from './rating-bands.ts';

/** overall_score (unrounded; null when Not scored), overall_before_cap, overall_rating, overall_capped. */
export function deriveOverall(t: Table, config: MethodConfig): Table {
  const e = (area: string) => `d.${col.effective(area)}`;
  const weight = (area: string) => lit(config.areas.find((x) => x.id === area)!.weight);
  const sums = t.derive({
    overall_weighted: sum(AREAS.map((a) => `${e(a)} === null ? 0 : ${weight(a)} * ${e(a)}`)),
    overall_weights: sum(AREAS.map((a) => `${e(a)} === null ? 0 : ${weight(a)}`)),
  });
  // The cap: the worst (highest-ranked) final rating among the configured cap areas that are scored.
  const capRanks = config.overall.cap_areas.map((a) => rankExpression(`d.${col.final(a)}`));
  const capped = sums.derive({
    overall_cap_rank: `op.greatest(-1, ${capRanks.map((r) => `(${r})`).join(', ')})`,
  });
  const scored = capped.derive({
    overall_score: 'd.overall_cap_rank < 0 ? null : d.overall_weighted / d.overall_weights',
  });
  const banded = scored.derive({ overall_before_cap: ratingExpression('d.overall_score', config) });
  const lowered = banded.derive({
    overall_capped: `d.overall_score !== null && d.overall_cap_rank > (${rankExpression('d.overall_before_cap')})`,
  });
  return lowered.derive({
    overall_rating: `d.overall_capped ? (${rankedRatingExpression('d.overall_cap_rank')}) : d.overall_before_cap`,
  });
}
