// METHODOLOGY §2: turning an unrounded KPI value into points 4..1.

export interface Thresholds {
  O: number;
  G: number;
  R: number;
}

/** Higher-is-better: ≥ O → 4, ≥ G → 3, ≥ R → 2, else 1; lower-is-better mirrors it with ≤. */
export function thresholdPoints(value: number, direction: 'higher' | 'lower', t: Thresholds): number {
  if (direction === 'higher') {
    if (value >= t.O) return 4;
    if (value >= t.G) return 3;
    if (value >= t.R) return 2;
    return 1;
  }
  if (value <= t.O) return 4;
  if (value <= t.G) return 3;
  if (value <= t.R) return 2;
  return 1;
}

/** Two-sided bands (D03): the first band with min ≤ value ≤ max gives the points. */
export function bandPoints(
  value: number,
  bands: readonly { min: number; max: number; points: number }[],
  otherwise: number,
): number {
  for (const b of bands) if (value >= b.min && value <= b.max) return b.points;
  return otherwise;
}
