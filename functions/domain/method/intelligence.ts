// METHODOLOGY §8 "Intelligence": how records are matched to categories and what counts as
// substantiated.
import type { IntelligenceRow } from './inputs.ts';

function hasCategory(row: IntelligenceRow, category: string): boolean {
  return normalised(row.category) === normalised(category);
}

// A run compares a handful of category texts many times: each is trimmed and lower-cased once.
const normalisedCategories = new Map<string, string>();

function normalised(category: string): string {
  let n = normalisedCategories.get(category);
  if (n === undefined) {
    n = category.trim().toLowerCase();
    if (normalisedCategories.size < 10_000) normalisedCategories.set(category, n);
  }
  return n;
}

/** Warning notices, significant risks and needs not met count unless marked not substantiated. */
export function countsAsConcern(row: IntelligenceRow, category: string): boolean {
  return row.substantiated !== 'no' && hasCategory(row, category);
}

/** Q04 and F3_SAFEGUARDING: safeguarding source, substantiated yes (unknown does not count). */
export function isSubstantiatedSafeguarding(row: IntelligenceRow): boolean {
  return row.source === 'safeguarding' && row.substantiated === 'yes';
}
