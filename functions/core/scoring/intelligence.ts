// METHODOLOGY §8 "Intelligence": how records are matched to categories and what counts as
// substantiated.
import type { IntelligenceRow } from './inputs.ts';

export function hasCategory(row: IntelligenceRow, category: string): boolean {
  return row.category.trim().toLowerCase() === category.trim().toLowerCase();
}

/** Warning notices, significant risks and needs not met count unless marked not substantiated. */
export function countsAsConcern(row: IntelligenceRow, category: string): boolean {
  return row.substantiated !== 'no' && hasCategory(row, category);
}

/** Q04 and F3_SAFEGUARDING: safeguarding source, substantiated yes (unknown does not count). */
export function isSubstantiatedSafeguarding(row: IntelligenceRow): boolean {
  return row.source === 'safeguarding' && row.substantiated === 'yes';
}
