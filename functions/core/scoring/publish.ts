// CONTRACTS §4: scores are published to 2 decimal places, values and shares to 6. Rounding is
// half away from zero on the decimal reading of the number, so 1.005 publishes as 1.01.

export function roundTo(x: number, dp: number): number {
  const text = String(x);
  if (text.includes('e')) return Math.round(x * 10 ** dp) / 10 ** dp;
  const shifted = Math.round(Math.abs(Number(`${text.replace('-', '')}e${dp}`)));
  return Math.sign(x) * Number(`${shifted}e-${dp}`) || 0;
}

export function roundScore(x: number | null): number | null {
  return x === null ? null : roundTo(x, 2);
}

export function roundValue(x: number | null): number | null {
  return x === null ? null : roundTo(x, 6);
}

/** A published list: comma-separated, '' when empty. */
export function listText(codes: readonly string[]): string {
  return codes.join(',');
}
