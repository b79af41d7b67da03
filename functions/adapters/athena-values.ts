// Athena returns every value as text (VarCharValue) beside its column's Trino type; this turns each
// into the JS value the DuckDB engine gives for the same column, so callers see one shape.

const integerTypes = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const fractionalTypes = new Set(['double', 'float', 'real', 'decimal']);

/** The JS value of one VarCharValue, by its ColumnInfo.Type as Athena names it ('varchar', 'decimal', …). */
export function athenaValue(text: string | undefined, type: string): unknown {
  // A SQL NULL arrives as a Datum without VarCharValue; an empty string keeps its VarCharValue ''.
  if (text === undefined) return null;
  // 'decimal(10,2)', 'timestamp(3) with time zone': the parameters do not change the JS value.
  const base = type
    .toLowerCase()
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (integerTypes.has(base)) return integer(text);
  if (fractionalTypes.has(base)) return Number(text);
  if (base === 'boolean') return text === 'true';
  // DuckDB's engine gives dates as 'YYYY-MM-DD' text, which is what Athena sends.
  if (base === 'date') return text;
  if (base === 'timestamp') return timestamp(text, 'UTC');
  if (base === 'timestamp with time zone') return timestampWithZone(text);
  // varchar, char, and the nested or binary types the views never produce stay as Athena's text.
  return text;
}

/** Numbers when exact; beyond 2^53 the decimal text, as the DuckDB engine does. */
function integer(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

// Athena prints 'YYYY-MM-DD HH:MM:SS[.fffffffff]'; Date keeps milliseconds, so finer digits are cut.
function timestamp(text: string, zone: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(text);
  const millis = (match?.[3] ?? '').padEnd(3, '0').slice(0, 3);
  const value = match && new Date(`${match[1]}T${match[2]}.${millis}${zone === 'UTC' ? 'Z' : zone}`);
  if (!value || Number.isNaN(value.getTime())) {
    throw new RangeError(`"${text}" is not a timestamp as Athena prints them`);
  }
  return value;
}

// 'YYYY-MM-DD HH:MM:SS.fff UTC' or '… +01:00'; a named zone would need a zone database to convert.
function timestampWithZone(text: string): Date {
  const match = /^(\S+ \S+) (UTC|Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) {
    throw new RangeError(
      `"${text}" has a time zone other than UTC or an offset; cast it to timestamp in SQL`,
    );
  }
  return timestamp(match[1]!, match[2]!);
}
