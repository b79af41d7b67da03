// METHODOLOGY §3: area score = Σ(weight × points) / Σ(weight) over scored KPIs; Not scored when
// the scored weight is under half the area's weight.
import { AREAS, type Area, type MethodConfig } from './config.ts';
import type { KpiResult } from './kpis/kpi-result.ts';
import { bandRating } from './rating-bands.ts';
import type { RatingOrNotScored } from './results.ts';

export interface AreaScore {
  area: Area;
  /** Unrounded; null when Not scored. */
  score: number | null;
  rating: RatingOrNotScored;
}

export function scoreAreas(kpis: readonly KpiResult[], config: MethodConfig): AreaScore[] {
  // One pass over the KPIs, summing into their area's slot (in KPI order, as Σ is defined).
  const total = AREAS.map(() => 0);
  const scored = AREAS.map(() => 0);
  const weighted = AREAS.map(() => 0);
  for (const k of kpis) {
    const a = AREAS.indexOf(k.kpi.area);
    const w = k.kpi.weight;
    total[a]! += w;
    if (k.points === null) continue;
    scored[a]! += w;
    weighted[a]! += w * k.points;
  }
  return AREAS.map((area, a) => {
    if (scored[a] === 0 || scored[a]! < total[a]! * config.area_min_scored_weight_share)
      return { area, score: null, rating: 'Not scored' };
    const score = weighted[a]! / scored[a]!;
    return { area, score, rating: bandRating(score, config) };
  });
}
