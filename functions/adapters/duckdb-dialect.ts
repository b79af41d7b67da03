// The one place where Athena (Trino) SQL is adjusted for DuckDB. Each entry is a real difference
// between the engines that the portable subset (DESIGN §5) cannot avoid; views never get a second copy.

export interface DialectRewrite {
  pattern: RegExp;
  replacement: string;
  why: string;
}

export const duckDbRewrites: readonly DialectRewrite[] = [
  {
    // A sorted list as text needs array_agg(… ORDER BY …) joined with a separator: Trino names the
    // joining function array_join, DuckDB array_to_string (same arguments, nulls skipped in both).
    pattern: /\barray_join(\s*\()/gi,
    replacement: 'array_to_string$1',
    why: 'Trino array_join(array, sep) is DuckDB array_to_string(list, sep)',
  },
];

export function toDuckDbDialect(sql: string): string {
  return duckDbRewrites.reduce((text, rule) => text.replace(rule.pattern, rule.replacement), sql);
}
