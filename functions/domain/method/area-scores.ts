// METHODOLOGY §3 as Arquero derives over the provider-month table: area score = Σ(weight × points)
// / Σ(weight) over scored KPIs; Not scored when the scored weight is under half the area's weight.
// The sums are written out from the method's weights, term by term in catalogue order.
import { AREAS, type MethodConfig } from './config.ts';
import { col, lit, sum, type Table } from './provider-months.ts';
import { ratingExpression } from './rating-bands.ts';

/** score_<area> (unrounded; null when Not scored) and rating_<area>. */
export function deriveAreaScores(t: Table, config: MethodConfig): Table {
  const sums: Record<string, string> = {};
  const scores: Record<string, string> = {};
  for (const area of AREAS) {
    const kpis = config.kpis.filter((k) => k.area === area);
    let total = 0;
    for (const k of kpis) total += k.weight;
    const p = (id: string) => `d.${col.points(id)}`;
    sums[`scored_${area}`] = sum(kpis.map((k) => `${p(k.id)} === null ? 0 : ${lit(k.weight)}`));
    sums[`weighted_${area}`] = sum(
      kpis.map((k) => `${p(k.id)} === null ? 0 : ${lit(k.weight)} * ${p(k.id)}`),
    );
    const min = lit(total * config.area_min_scored_weight_share);
    scores[col.score(area)] =
      `d.scored_${area} === 0 || d.scored_${area} < ${min} ? null : d.weighted_${area} / d.scored_${area}`;
  }
  const ratings = Object.fromEntries(
    AREAS.map((a) => [col.rating(a), ratingExpression(`d.${col.score(a)}`, config)]),
  );
  return t.derive(sums).derive(scores).derive(ratings);
}
