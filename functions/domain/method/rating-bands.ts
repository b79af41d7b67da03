// METHODOLOGY §3: score → rating bands, and the order of ratings used by limiters and caps.
import { type MethodConfig, RATINGS, type Rating } from './config.ts';
import { lit, text } from './provider-months.ts';

/**
 * Bands an unrounded score, as an Arquero expression: the first band whose minimum it reaches,
 * else the lowest rating; 'Not scored' when the score is null.
 */
export function ratingExpression(score: string, config: MethodConfig): string {
  const bands = config.ratings.bands.map((b) => `${score} >= ${lit(b.min_score)} ? ${text(b.rating)} : `);
  return `${score} === null ? 'Not scored' : ${bands.join('')}${text(config.ratings.otherwise)}`;
}

/** A rating's rank (0 for Outstanding … 3 for Inadequate), as an Arquero expression; −1 for 'Not scored'. */
export function rankExpression(rating: string): string {
  return `${RATINGS.map((r, i) => `${rating} === ${text(r)} ? ${i} : `).join('')}-1`;
}

/** The rating of a rank (0 … 3), as an Arquero expression. */
export function rankedRatingExpression(rank: string): string {
  return `${RATINGS.map((r, i) => `${rank} === ${i} ? ${text(r)} : `).join('')}'Not scored'`;
}

/** 0 for Outstanding … 3 for Inadequate: a larger rank is a worse rating. */
export function ratingRank(rating: Rating): number {
  return RATINGS.indexOf(rating);
}

export function worseRating(a: Rating, b: Rating): Rating {
  return ratingRank(a) >= ratingRank(b) ? a : b;
}
