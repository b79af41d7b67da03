// A month of the contract, written 'YYYY-MM': what every return, score and alert is for. One
// parser, so every place that takes a month from outside (a flag, an event, a configuration file)
// checks it the same way. Inside, periods compare and sort as text.
export type Period = string;

export const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isPeriod(text: string): text is Period {
  return periodPattern.test(text);
}

export class InvalidPeriodError extends Error {
  override name = 'InvalidPeriodError';
  constructor(readonly text: string) {
    super(`"${text}" is not a month written YYYY-MM, e.g. 2025-03.`);
  }
}

export function parsePeriod(text: string): Period {
  if (!isPeriod(text)) throw new InvalidPeriodError(text);
  return text;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The name of month 1–12: 'January'…'December'. */
export function monthName(month: number): string {
  return monthNames[month - 1] ?? String(month);
}

/** 'YYYY-MM' → 'December 2025'. */
export function monthInWords(period: Period): string {
  return `${monthName(Number(period.slice(5, 7)))} ${period.slice(0, 4)}`;
}
