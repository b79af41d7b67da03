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
  return AREAS.map((area) => {
    let total = 0;
    let scored = 0;
    let weighted = 0;
    for (const k of kpis) {
      if (k.kpi.area !== area) continue;
      total += k.kpi.weight;
      if (k.points === null) continue;
      scored += k.kpi.weight;
      weighted += k.kpi.weight * k.points;
    }
    if (scored === 0 || scored < total * config.area_min_scored_weight_share)
      return { area, score: null, rating: 'Not scored' };
    const score = weighted / scored;
    return { area, score, rating: bandRating(score, config) };
  });
}
