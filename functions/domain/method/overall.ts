// METHODOLOGY §4 and §8 "The overall cap": area-weighted overall score, banded, then capped at
// the lower of the quality and delivery ratings (rating only, never the score).
import type { MethodConfig, Rating } from './config.ts';
import type { LimitedArea } from './limiters.ts';
import { bandRating, ratingRank, worseRating } from './rating-bands.ts';
import type { RatingOrNotScored } from './results.ts';

export interface Overall {
  score: number | null;
  ratingBeforeCap: RatingOrNotScored;
  rating: RatingOrNotScored;
  limiters: string[];
}

const NOT_SCORED: Overall = {
  score: null,
  ratingBeforeCap: 'Not scored',
  rating: 'Not scored',
  limiters: [],
};

export function overall(areas: readonly LimitedArea[], config: MethodConfig): Overall {
  // The cap: the worst final rating among the configured cap areas that are scored.
  let cap: Rating | null = null;
  for (const a of areas)
    if (a.finalRating !== 'Not scored' && config.overall.cap_areas.includes(a.area))
      cap = cap === null ? a.finalRating : worseRating(cap, a.finalRating);
  if (cap === null) return NOT_SCORED;

  let weighted = 0;
  let weights = 0;
  for (const a of areas) {
    if (a.effectiveScore === null) continue;
    const w = config.areas.find((x) => x.id === a.area)!.weight;
    weighted += w * a.effectiveScore;
    weights += w;
  }
  const score = weighted / weights;
  const banded = bandRating(score, config);
  const lowered = ratingRank(cap) > ratingRank(banded);
  const rating: Rating = lowered ? cap : banded;
  return { score, ratingBeforeCap: banded, rating, limiters: lowered ? [config.overall.cap_code] : [] };
}
