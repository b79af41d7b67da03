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

/**
 * The provider directory last loaded, by the version of the register files it was read from (their
 * listed versions, or their digests): a manifest of thousands of returns, or a warm Lambda, decodes
 * the register once rather than once per file (a national register took ~0.1–0.3 s each time), and
 * a register that changed is read afresh.
 */
export class DirectoryCache {
  private version: string | null = null;
  private directory: ProviderDirectory | null = null;
  /** How many times a directory was decoded rather than reused. */
  loads = 0;

  /** The directory for register files of this `version` (their keys and versions), if kept. */
  get(version: string): ProviderDirectory | null | undefined {
    return version === this.version ? this.directory : undefined;
  }

  set(version: string, directory: ProviderDirectory | null): void {
    this.version = version;
    this.directory = directory;
    this.loads += 1;
  }
}
