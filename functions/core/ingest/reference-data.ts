// What row validation checks references against: the council's current provider register.

export interface ProviderDirectory {
  /** Branch ids of each registered provider. */
  branchesByProvider: Map<string, Set<string>>;
}

export function providerDirectory(
  rows: readonly { provider_id: string; branch_id: string }[],
): ProviderDirectory {
  const branchesByProvider = new Map<string, Set<string>>();
  for (const row of rows) {
    let branches = branchesByProvider.get(row.provider_id);
    if (!branches) {
      branches = new Set();
      branchesByProvider.set(row.provider_id, branches);
    }
    branches.add(row.branch_id);
  }
  return { branchesByProvider };
}
