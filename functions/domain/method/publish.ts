// CONTRACTS §4: scores are published to 2 decimal places, values and shares to 6. Rounding is
// half away from zero on the decimal reading of the number, so 1.005 publishes as 1.01.

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** The exact rule: round the shortest decimal text of x (String(x)), half away from zero. */
function roundDecimalText(x: number, dp: number): number {
  const text = String(x);
  if (text.includes('e')) return Math.round(x * 10 ** dp) / 10 ** dp;
  const shifted = Math.round(Math.abs(Number(`${text.replace('-', '')}e${dp}`)));
  return Math.sign(x) * Number(`${shifted}e-${dp}`) || 0;
}

function roundTo(x: number, dp: number): number {
  // Fast path, same result: |x| × 10^dp is within 2^-52 (relative) of the decimal text × 10^dp,
  // so unless it lies that close to a half, Math.round of it rounds the text the same way; and
  // n / 10^dp is the double nearest n × 10^-dp, as parsing `${n}e-${dp}` gives. Text in
  // exponent form (|x| < 1e-6) and anything near a half take the exact rule. Zero publishes as 0.
  const a = Math.abs(x);
  if (a === 0) return 0;
  const scale = POW10[dp];
  if (scale !== undefined && a >= 1e-6 && a < 1e6) {
    const y = a * scale;
    const fraction = y - Math.floor(y);
    if (Math.abs(fraction - 0.5) > y * 2 ** -48) {
      const n = Math.round(y);
      if (n === 0) return 0;
      return x < 0 ? -(n / scale) : n / scale;
    }
  }
  return roundDecimalText(x, dp);
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
