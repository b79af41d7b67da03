// Field types shared by every input contract. Each field coerces what a spreadsheet, CSV or JSON
// file can hold into one typed value, and explains a bad value in words an administrator can act
// on. The piped zod type is what the JSON Schema template publishes.

import { periodPattern } from '../period.ts';
import { isValidDate, londonDate, offsetMinutes, parseLondonDateTime } from '../time/london.ts';
import * as z from '../zod.ts';

export type Coerce<T> = (value: unknown) => { ok: true; value: T } | { ok: false; reason: string };

/** How a field is stored in curated Parquet. */
export type FieldKind = 'string' | 'int' | 'double' | 'boolean' | 'date' | 'timestamp';

/**
 * The coercion behind each field schema, so the row validator can run it directly on the hot
 * path (millions of cells) while zod stays the source of the published types and JSON Schema.
 */
export interface FieldSpec {
  coerce: Coerce<unknown>;
  /**
   * The value of a text cell read the quick way, or undefined when only `coerce` can tell. It
   * gives `coerce`'s value wherever it gives one (most cells of a large CSV are plain digits or
   * words), without allocating a result per cell.
   */
  quick: Quick<unknown>;
  optional: boolean;
  kind: FieldKind;
}

export type Quick<T> = (text: string) => T | undefined;

const noQuickWay: Quick<never> = () => undefined;
const fieldSpecs = new WeakMap<object, FieldSpec>();

export function fieldSpecOf(schema: object): FieldSpec {
  const spec = fieldSpecs.get(schema);
  if (!spec) throw new Error('contract column was not built with a field helper');
  return spec;
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const fail = (reason: string) => ({ ok: false as const, reason });

/** Empty cells, blank strings and JSON null are all "no value". */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * The zod type of a field: any cell value in, piped through the field's coercion (a blank is
 * `blank`'s outcome), out as `out`, with the description and example the templates publish.
 */
function fieldSchema<T, B>(
  out: z.ZodMiniType<T | B, T | B>,
  coerce: Coerce<T>,
  blank: { ok: true; value: B } | { ok: false; reason: string },
  description: string,
  example: unknown,
) {
  const coerced = z.transform((value: unknown, payload) => {
    const result = isBlank(value) ? blank : coerce(value);
    if (result.ok) return result.value;
    payload.issues.push({ code: 'custom', message: result.reason, input: value });
    return z.NEVER;
  });
  return z
    .pipe(z.pipe(z.unknown(), coerced), out as z.ZodMiniType<unknown, Awaited<T | B>>)
    .register(z.globalRegistry, { description, examples: [example] });
}

function field<T>(
  kind: FieldKind,
  out: z.ZodMiniType<T, T>,
  coerce: Coerce<T>,
  description: string,
  example: unknown,
  quick: Quick<T> = noQuickWay,
) {
  const schema = fieldSchema(out, coerce, fail('is required but is empty'), description, example);
  fieldSpecs.set(schema, { coerce: coerce as Coerce<unknown>, quick, optional: false, kind });
  return schema as z.ZodMiniType<T, unknown>;
}

/** An optional field: blank means null. */
function optional<T>(
  kind: FieldKind,
  out: z.ZodMiniType<T, T>,
  coerce: Coerce<T>,
  description: string,
  example: unknown,
  quick: Quick<T> = noQuickWay,
) {
  const schema = fieldSchema(z.nullable(out), coerce, ok(null), `${description} (optional)`, example);
  fieldSpecs.set(schema, { coerce: coerce as Coerce<unknown>, quick, optional: true, kind });
  return schema as z.ZodMiniType<T | null, unknown>;
}

const asText = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : String(value);

const coerceText =
  (maxLength: number): Coerce<string> =>
  (value) => {
    const text = asText(value);
    return text.length > maxLength
      ? fail(`is ${text.length} characters long; the limit is ${maxLength}`)
      : ok(text);
  };

/** Text with nothing to trim (printable ASCII at both ends) and within the limit is itself. */
const quickText =
  (maxLength: number): Quick<string> =>
  (text) => {
    if (text.length > maxLength) return undefined;
    const first = text.charCodeAt(0);
    const last = text.charCodeAt(text.length - 1);
    return first > 32 && first < 127 && last > 32 && last < 127 ? text : undefined;
  };

const thousands = /^\d{1,3}(,\d{3})+$/;

/**
 * Curated count columns are 32-bit integers (Parquet INT32): a larger count would wrap round to
 * a negative number, or to 0, when written, so it is rejected here instead.
 */
const maxCount = 2_147_483_647;
const tooLargeCount = 'is too large to be a plausible count';

const coerceCount: Coerce<number> = (value) => {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return fail('must be a whole number of 0 or more');
    // -0 (which JSON can hold) is zero; `+ 0` stores it as 0, not -0.
    return value > maxCount ? fail(tooLargeCount) : ok(value + 0);
  }
  const text = asText(value);
  const plain = thousands.test(text) ? text.replace(/,/g, '') : text;
  if (!/^\d+$/.test(plain)) {
    if (/^-0+$/.test(plain)) return ok(0);
    if (/^-\d/.test(plain)) return fail('cannot be negative');
    if (/^\d+\.\d+$/.test(plain)) return fail('must be a whole number, without decimals');
    return fail('must be a whole number of 0 or more (digits only, e.g. 1234 or 1,234)');
  }
  const n = Number(plain);
  return n <= maxCount ? ok(n) : fail(tooLargeCount);
};

/** Up to 9 plain digits: always within maxCount. */
const quickCount: Quick<number> = (text) => {
  const n = text.length;
  if (n === 0 || n > 9) return undefined;
  let value = 0;
  for (let k = 0; k < n; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
};

const quickPositiveCount: Quick<number> = (text) => {
  const value = quickCount(text);
  return value === 0 ? undefined : value;
};

const coercePositiveCount: Coerce<number> = (value) => {
  const result = coerceCount(value);
  if (result.ok && result.value === 0) return fail('must be at least 1');
  return result;
};

/**
 * Hours are checked to be a safe integer of hundredths: beyond that a double cannot hold every
 * 0.01 hour exactly (and 400 digits read as Infinity), so the figure would be stored changed.
 */
const tooLargeHours = 'is too large to be a plausible number of hours';

const coerceHours: Coerce<number> = (value) => {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('must be a number of hours');
    text = String(value);
    // Spreadsheets store 12.3 as 12.299999999999999: accept anything within a rounding error of 2 dp.
    const hundredths = Math.round(value * 100);
    if (Math.abs(hundredths - value * 100) < 1e-6) {
      if (value < 0) return fail('cannot be negative');
      if (!Number.isSafeInteger(hundredths)) return fail(tooLargeHours);
      // `+ 0` turns a -0 from JSON into 0.
      return ok(hundredths / 100 + 0);
    }
  } else {
    text = asText(value);
  }
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
  if (/^-/.test(plain)) return /^-0+(\.0+)?$/.test(plain) ? ok(0) : fail('cannot be negative');
  if (!/^\d+(\.\d+)?$/.test(plain)) return fail('must be a number of hours, e.g. 1234.50');
  if (/\.\d{3,}$/.test(plain)) return fail('has more than 2 decimal places; round to the nearest 0.01 hour');
  const n = Number(plain);
  return Number.isSafeInteger(Math.round(n * 100)) ? ok(n) : fail(tooLargeHours);
};

/**
 * Up to 12 characters of digits with at most 2 decimals (so hundredths are a safe integer). The
 * digits are read as an integer and divided by 10 or 100: a correctly rounded division of exact
 * integers is the double nearest the decimal, which is what Number() reads.
 */
const quickHours: Quick<number> = (text) => {
  const n = text.length;
  if (n === 0 || n > 12) return undefined;
  let digits = 0;
  let decimals = -1;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === 46) {
      if (decimals >= 0 || k === 0) return undefined;
      decimals = 0;
      continue;
    }
    const digit = c - 48;
    if (digit < 0 || digit > 9) return undefined;
    digits = digits * 10 + digit;
    if (decimals >= 0) decimals++;
  }
  if (decimals === -1) return digits;
  return decimals === 1 ? digits / 10 : decimals === 2 ? digits / 100 : undefined;
};

/**
 * For fields whose cells repeat (periods, codes, yes/no, dates): remembers what the coercer made
 * of the texts it accepted, up to `limit` of them, so each is read only once.
 */
function remembered<T>(coerce: Coerce<T>, limit = 4096): { coerce: Coerce<T>; quick: Quick<T> } {
  const known = new Map<string, T>();
  return {
    coerce(value) {
      const result = coerce(value);
      if (result.ok && typeof value === 'string' && known.size < limit) known.set(value, result.value);
      return result;
    },
    quick: (text) => known.get(text),
  };
}

const periodRe = /^(\d{4})-(\d{1,2})$/;

const coercePeriod: Coerce<string> = (value) => {
  if (value instanceof Date) {
    return ok(`${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  const text = asText(value);
  const m = periodRe.exec(text) ?? /^(\d{4})-(\d{2})-01$/.exec(text);
  if (!m) return fail('must be a month written YYYY-MM, e.g. 2025-03');
  const month = Number(m[2]);
  if (month < 1 || month > 12) return fail('has a month that is not between 01 and 12');
  return ok(`${m[1]}-${String(month).padStart(2, '0')}`);
};

/**
 * The earliest year a date or date-time cell may hold. Nothing this service reads (contracts,
 * visits, offers, returns) can be older; an earlier year is a typo (`0025-03-01`, `25` for
 * `2025`) that Parquet and `Date.UTC` would silently turn into 1970 or 19xx. A validity rule of
 * the field type, like months 01–12, not a per-run reading limit, so it is not in
 * config/ingest-limits.json.
 */
const earliestYear = 1900;
const tooEarly = `is before ${earliestYear}, so it cannot be a real date here`;

const coerceDate: Coerce<string> = (value) => {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail('is not a valid date');
    if (value.getUTCFullYear() < earliestYear) return fail(tooEarly);
    return ok(value.toISOString().slice(0, 10));
  }
  if (typeof value === 'number') {
    return fail('must be a date written YYYY-MM-DD or DD/MM/YYYY');
  }
  const text = asText(value);
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
  else return fail('must be a date written YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-03-31');
  if (!isValidDate(y, m, d)) return fail('is not a real calendar date');
  if (y < earliestYear) return fail(tooEarly);
  return ok(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
};

const coerceDateTime: Coerce<Date> = (value) => {
  if (value instanceof Date) {
    if (value.getUTCFullYear() < earliestYear) return fail(tooEarly);
    // Spreadsheet date-times carry the wall-clock reading as if it were UTC: read it as London time.
    const text = value.toISOString().slice(0, 19);
    const parsed = parseLondonDateTime(text);
    return parsed ? ok(parsed) : fail('is not a valid date-time');
  }
  const text = asText(value);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  const iso = uk
    ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}T${(uk[4] ?? '00').padStart(2, '0')}:${uk[5] ?? '00'}:${uk[6] ?? '00'}`
    : text;
  const year = /^\d{4}/.exec(iso);
  if (year && Number(year[0]) < earliestYear) return fail(tooEarly);
  const parsed = parseLondonDateTime(iso);
  if (parsed) return ok(parsed);
  const offset = /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-]\d{2}:?\d{2})$/.exec(iso)?.[1];
  if (offset && offsetMinutes(offset) === null) {
    return fail(`has the UTC offset ${offset}, which no place uses; offsets run from -12:00 to +14:00`);
  }
  return fail('must be a date-time written YYYY-MM-DDTHH:MM (London time unless an offset is given)');
};

const yesWords = new Set(['yes', 'y', 'true', '1']);
const noWords = new Set(['no', 'n', 'false', '0']);

const coerceYesNo: Coerce<boolean> = (value) => {
  if (typeof value === 'boolean') return ok(value);
  const text = asText(value).toLowerCase();
  if (yesWords.has(text)) return ok(true);
  if (noWords.has(text)) return ok(false);
  return fail('must be yes or no (also accepted: y/n, true/false, 1/0)');
};

const ratingWords: Record<string, number> = {
  outstanding: 4,
  good: 3,
  'requires improvement': 2,
  inadequate: 1,
};

const coerceSelfRating: Coerce<number> = (value) => {
  const text = asText(value).toLowerCase().replace(/\s+/g, ' ');
  if (/^[1-4]$/.test(text)) return ok(Number(text));
  const n = ratingWords[text];
  return n ? ok(n) : fail('must be 1–4 or Outstanding, Good, Requires improvement or Inadequate');
};

function coerceChoice<T extends string>(choices: readonly T[]): Coerce<T> {
  return (value) => {
    const text = asText(value)
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    const found = choices.find((c) => c.toLowerCase() === text);
    return found ? ok(found) : fail(`must be one of: ${choices.join(', ')}`);
  };
}

const coerceLevel: Coerce<1 | 2 | 3> = (value) => {
  const text = asText(value);
  return text === '1' || text === '2' || text === '3'
    ? ok(Number(text) as 1 | 2 | 3)
    : fail('must be a sanction level: 1, 2 or 3');
};

const periodField = remembered(coercePeriod);
const dateField = remembered(coerceDate);
const yesNoField = remembered(coerceYesNo);
const selfRatingField = remembered(coerceSelfRating);
const levelField = remembered(coerceLevel);

export const text = (description: string, example: string, maxLength = 200) =>
  field('string', z.string(), coerceText(maxLength), description, example, quickText(maxLength));
export const optionalText = (description: string, example: string, maxLength = 200) =>
  optional('string', z.string(), coerceText(maxLength), description, example, quickText(maxLength));
export const count = (description: string, example = 120) =>
  field('int', z.int().check(z.minimum(0)), coerceCount, description, example, quickCount);
export const positiveCount = (description: string, example = 40) =>
  field('int', z.int().check(z.minimum(1)), coercePositiveCount, description, example, quickPositiveCount);
export const hours = (description: string, example = 1234.5) =>
  field(
    'double',
    z.number().check(z.minimum(0), z.multipleOf(0.01)),
    coerceHours,
    description,
    example,
    quickHours,
  );
export const period = (description: string, example = '2025-03') =>
  field(
    'string',
    z.string().check(z.regex(periodPattern)),
    periodField.coerce,
    description,
    example,
    periodField.quick,
  );
export const date = (description: string, example = '2025-03-31') =>
  field('date', z.iso.date(), dateField.coerce, description, example, dateField.quick);
export const optionalDate = (description: string, example = '2025-04-07') =>
  optional('date', z.iso.date(), dateField.coerce, description, example, dateField.quick);
export const dateTime = (description: string, example = '2025-03-04T10:15:00Z') =>
  field('timestamp', z.date(), coerceDateTime, description, example);
export const optionalDateTime = (description: string, example = '2025-03-04T12:40:00Z') =>
  optional('timestamp', z.date(), coerceDateTime, description, example);
export const yesNo = (description: string, example = 'yes') =>
  field('boolean', z.boolean(), yesNoField.coerce, description, example, yesNoField.quick);
export const selfRating = (description: string, example: unknown = 3) =>
  field(
    'int',
    z.int().check(z.minimum(1), z.maximum(4)),
    selfRatingField.coerce,
    description,
    example,
    selfRatingField.quick,
  );
export const choice = <T extends string>(choices: readonly [T, ...T[]], description: string) => {
  const choiceField = remembered(coerceChoice(choices), choices.length * 64);
  return field('string', z.enum(choices), choiceField.coerce, description, choices[0], choiceField.quick);
};
export const level = (description: string) =>
  field(
    'int',
    z.union([z.literal(1), z.literal(2), z.literal(3)]),
    levelField.coerce,
    description,
    2,
    levelField.quick,
  );

/** London calendar date of an instant, for partitioning date-time columns by month. */
export const londonPeriodOf = (instant: Date): string => londonDate(instant).slice(0, 7);
