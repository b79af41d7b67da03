// What row validation checks references against: the council's current provider register.

export interface ProviderDirectory {
  /** Branch ids of each registered provider. */
  branchesByProvider: Map<string, Set<string>>;
}

/**
 * The directory of the register rows whose ids are `providerIds[i]` and `branchIds[i]`, added to
 * `into` when given (a register kept in several files).
 */
export function providerDirectory(
  providerIds: readonly string[],
  branchIds: readonly string[],
  into: ProviderDirectory = { branchesByProvider: new Map() },
): ProviderDirectory {
  const { branchesByProvider } = into;
  for (let i = 0; i < providerIds.length; i++) {
    let branches = branchesByProvider.get(providerIds[i]!);
    if (!branches) {
      branches = new Set();
      branchesByProvider.set(providerIds[i]!, branches);
    }
    branches.add(branchIds[i]!);
  }
  return into;
}
