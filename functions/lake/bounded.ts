// Reads a few objects at a time instead of one by one: on S3 each read is a round trip, so a table
// of many files is read in about files ÷ limit round trips. Results keep the input order, so what
// is read is the same whatever the limit; with a limit of 1 it is a plain loop.

/**
 * `fn` over `items` with at most `limit` calls in flight, results in the order of `items`. The first
 * failure stops new calls; it is thrown once those already started have settled.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure) throw failure.error;
  return results;
}
