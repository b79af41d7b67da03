/**
 * Appends every item to `target`. `target.push(...items)` passes each item as an argument and
 * overflows the call stack past ~100,000 items: a large return's rows or problems would crash ingest.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
