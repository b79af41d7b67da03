// METHODOLOGY §3: score → rating bands, and the order of ratings used by limiters and caps.
import { type MethodConfig, RATINGS, type Rating } from './config.ts';

/** Bands the unrounded score: the first band whose minimum it reaches, else the lowest rating. */
export function bandRating(score: number, config: MethodConfig): Rating {
  for (const b of config.ratings.bands) if (score >= b.min_score) return b.rating;
  return config.ratings.otherwise;
}

/** 0 for Outstanding … 3 for Inadequate: a larger rank is a worse rating. */
export function ratingRank(rating: Rating): number {
  return RATINGS.indexOf(rating);
}

export function worseRating(a: Rating, b: Rating): Rating {
  return ratingRank(a) >= ratingRank(b) ? a : b;
}
