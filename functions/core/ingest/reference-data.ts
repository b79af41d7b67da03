// What row validation checks references against: the council's current provider register.

export interface ProviderDirectory {
  /** Branch ids of each registered provider. */
  branchesByProvider: Map<string, Set<string>>;
}

/** The directory of the register rows whose ids are `providerIds[i]` and `branchIds[i]`. */
export function providerDirectory(
  providerIds: readonly string[],
  branchIds: readonly string[],
): ProviderDirectory {
  const branchesByProvider = new Map<string, Set<string>>();
  for (let i = 0; i < providerIds.length; i++) {
    let branches = branchesByProvider.get(providerIds[i]!);
    if (!branches) {
      branches = new Set();
      branchesByProvider.set(providerIds[i]!, branches);
    }
    branches.add(branchIds[i]!);
  }
  return { branchesByProvider };
}
