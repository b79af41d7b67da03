// METHODOLOGY §1 and §8 "CQC history": a branch's rating for a month is its latest rating with a
// report date on or before month end; the provider's worst is over its registered branches.
import { RATINGS, type Rating } from './config.ts';
import { GroupedRows } from './grouped-rows.ts';
import type { CqcRatingRow } from './inputs.ts';
import { ratingRank, worseRating } from './rating-bands.ts';

const byLowerCase = new Map<string, Rating>(RATINGS.map((r) => [r.toLowerCase(), r]));
const exact = new Map<string, Rating>(RATINGS.map((r) => [r, r]));

/** One of the four rating words (any case), or null: anything else neither rates nor erases. */
function parseCqcRating(text: string): Rating | null {
  // Curated ratings are already the exact words; only others need trimming and lower-casing.
  return exact.get(text) ?? byLowerCase.get(text.trim().toLowerCase()) ?? null;
}

export class CqcHistory {
  /** Registered location → its key in `byLocation`. */
  private readonly locations = new Map<string, number>();
  private readonly byLocation: GroupedRows<CqcRatingRow>;

  /** Keeps only locations in `registeredBranches`: others are not the council's providers. */
  constructor(rows: readonly CqcRatingRow[], registeredBranches: ReadonlySet<string>) {
    for (const b of registeredBranches) this.locations.set(b, this.locations.size);
    this.byLocation = new GroupedRows(
      rows,
      this.locations.size,
      (r) => this.locations.get(r.location_id) ?? -1,
    );
  }

  /** The location's rating in force on `date` ('YYYY-MM-DD'), or null when unrated. */
  ratingOn(locationId: string, date: string): Rating | null {
    const key = this.locations.get(locationId);
    if (key === undefined) return null;
    // The latest report on or before the date; of same-day reports, the worse is in force.
    let found: Rating | null = null;
    let foundDate = '';
    for (let i = 0, n = this.byLocation.count(key); i < n; i++) {
      const row = this.byLocation.at(key, i);
      if (row.report_date > date) continue;
      const rating = parseCqcRating(row.rating);
      if (!rating) continue;
      if (
        found === null ||
        row.report_date > foundDate ||
        (row.report_date === foundDate && ratingRank(rating) > ratingRank(found))
      ) {
        found = rating;
        foundDate = row.report_date;
      }
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
