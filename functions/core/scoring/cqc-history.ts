// METHODOLOGY §1 and §8 "CQC history": a branch's rating for a month is its latest rating with a
// report date on or before month end; the provider's worst is over its registered branches.
import { RATINGS, type Rating } from './config.ts';
import type { CqcRatingRow } from './inputs.ts';
import { ratingRank, worseRating } from './rating-bands.ts';

const byLowerCase = new Map<string, Rating>(RATINGS.map((r) => [r.toLowerCase(), r]));

/** One of the four rating words (any case), or null: anything else neither rates nor erases. */
export function parseCqcRating(text: string): Rating | null {
  return byLowerCase.get(text.trim().toLowerCase()) ?? null;
}

interface Entry {
  date: string;
  rating: Rating;
}

export class CqcHistory {
  private readonly byLocation = new Map<string, Entry[]>();

  /** Keeps only locations in `registeredBranches`: others are not the council's providers. */
  constructor(rows: readonly CqcRatingRow[], registeredBranches: ReadonlySet<string>) {
    for (const row of rows) {
      if (!registeredBranches.has(row.location_id)) continue;
      const rating = parseCqcRating(row.rating);
      if (!rating) continue;
      let list = this.byLocation.get(row.location_id);
      if (!list) {
        list = [];
        this.byLocation.set(row.location_id, list);
      }
      list.push({ date: row.report_date, rating });
    }
    // Same-day duplicates sort worst last, so the worse of them is the one in force.
    for (const list of this.byLocation.values())
      list.sort((a, b) =>
        a.date < b.date ? -1 : a.date > b.date ? 1 : ratingRank(a.rating) - ratingRank(b.rating),
      );
  }

  /** The location's rating in force on `date` ('YYYY-MM-DD'), or null when unrated. */
  ratingOn(locationId: string, date: string): Rating | null {
    const list = this.byLocation.get(locationId);
    if (!list) return null;
    let found: Rating | null = null;
    for (const e of list) {
      if (e.date > date) break;
      found = e.rating;
    }
    return found;
  }

  /** The worst rating in force on `date` over the branches, or null when none is rated. */
  worstOn(branches: readonly string[], date: string): Rating | null {
    let worst: Rating | null = null;
    for (const b of branches) {
      const r = this.ratingOn(b, date);
      if (r) worst = worst ? worseRating(worst, r) : r;
    }
    return worst;
  }
}
