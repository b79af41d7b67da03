/** Per-file reading limits (CONTRACTS §2.1); each is configurable. */
export interface ReadLimits {
  maxBytes: number;
  maxRows: number;
  maxColumns: number;
  maxFieldBytes: number;
  maxJsonDepth: number;
  maxXlsxSheetBytes: number;
}

export const defaultReadLimits: ReadLimits = Object.freeze({
  maxBytes: 100 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 500,
  maxFieldBytes: 32 * 1024,
  maxJsonDepth: 64,
  maxXlsxSheetBytes: 200 * 1024 * 1024,
});

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
