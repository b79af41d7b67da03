// Per-file reading limits (CONTRACTS §2.1). Their defaults are data, in config/ingest-limits.json
// (like the method's numbers in config/method-v1.json), so there is one place to read and change
// them; this file and its table, limit-settings.ts, are the only code that knows the file's shape. The JSON is imported, not read
// from disk, so the core and the Lambda bundle need no file system to know their limits.
import ingestLimitsJson from '../../../config/ingest-limits.json' with { type: 'json' };
import { parseOnce } from '../parse-once.ts';
import * as z from '../zod.ts';
import { utf8LongerThan } from './bytes.ts';
import { type LimitSetting, limitSettings, type ReadLimits } from './limit-settings.ts';

export { type LimitSetting, limitSettings } from './limit-settings.ts';

/** Per-file reading limits, in bytes and counts; each is configurable. */
export type { ReadLimits };

const settingSchema = (s: LimitSetting) =>
  s.whole
    ? z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER))
    : z.number().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER / s.unit));

/** What a setting must be, in words, for error messages. */
export function settingRule(s: LimitSetting): string {
  return s.whole ? 'a whole number of 1 or more' : 'a number greater than 0';
}

/** A setting's value (in its own unit) as a ReadLimits value (bytes or a count); null when invalid. */
export function limitValue(s: LimitSetting, value: unknown): number | null {
  const parsed = settingSchema(s).safeParse(value, parseOnce);
  if (!parsed.success) return null;
  return Math.max(1, Math.floor(parsed.data * s.unit));
}

/**
 * Whether a text value is over the one-field limit, in UTF-8 bytes. A string of n UTF-16 units
 * is at most 3n bytes, so most values are cleared without encoding them (a per-cell hot path).
 */
export function overFieldLimit(value: string, maxFieldBytes: number): boolean {
  return value.length * 3 > maxFieldBytes && utf8LongerThan(value, maxFieldBytes);
}

export class IngestLimitsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestLimitsError';
  }
}

const fileSchema = z.strictObject({
  $comment: z.optional(z.string()),
  ...Object.fromEntries(limitSettings.map((s) => [s.key, settingSchema(s)])),
});

/**
 * Reads the contents of an ingest-limits file. Every limit must be present; a missing, unknown
 * or bad key is named in the error, with what it must be.
 */
export function loadIngestLimits(json: unknown, origin = 'config/ingest-limits.json'): ReadLimits {
  const parsed = fileSchema.safeParse(json, parseOnce);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is not a limit' : 'are not limits'}; the limits are ${limitSettings.map((s) => s.key).join(', ')}`;
      }
      if (issue.path.length === 0) {
        return 'it must be one JSON object of limits, such as {"max_rows": 1000000}';
      }
      const key = String(issue.path[0]);
      const setting = limitSettings.find((s) => s.key === key);
      if (!setting) return issue.message;
      const got = (json as Record<string, unknown> | null)?.[key];
      return got === undefined
        ? `"${key}" is missing`
        : `"${key}" must be ${settingRule(setting)}; it is ${JSON.stringify(got)}`;
    });
    throw new IngestLimitsError(`${origin} is not valid: ${problems.join('; ')}.`);
  }
  const limits = {} as ReadLimits;
  const data = parsed.data as Record<string, number>;
  for (const s of limitSettings) limits[s.field] = limitValue(s, data[s.key])!;
  return limits;
}

/** The limits in force when none are given: config/ingest-limits.json. */
export const defaultReadLimits: ReadLimits = Object.freeze(loadIngestLimits(ingestLimitsJson));

export function resolveLimits(overrides: Partial<ReadLimits> | undefined): ReadLimits {
  return { ...defaultReadLimits, ...overrides };
}

/** Numbers in messages read the way an administrator writes them: 1,000,000 and 32 KB. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${formatCount(n / (1024 * 1024))} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${formatCount(n / 1024)} KB`;
  return `${formatCount(n)} bytes`;
}
