// What a finished Lambda bundle must and must not contain, read from esbuild's metafile.

/** The part of esbuild's metafile this check reads. */
export interface BundleMetafile {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}

// DuckDB is the local query engine: a native addon that cannot load in Lambda, where Athena
// answers queries instead.
const forbiddenPackages = ['@duckdb/'];

export class ForbiddenImportError extends Error {
  constructor(readonly imports: { from: string; path: string }[]) {
    super(
      `The Lambda bundle imports packages that must stay out of Lambda: ${imports
        .map((i) => `${i.from} imports ${i.path}`)
        .join('; ')}. Wire that code through an adapter the Lambda does not load.`,
    );
    this.name = 'ForbiddenImportError';
  }
}

/** Throws ForbiddenImportError naming each module that imports a forbidden package. */
export function assertNoForbiddenImports(metafile: BundleMetafile): void {
  const found = Object.entries(metafile.inputs).flatMap(([from, input]) =>
    input.imports
      .filter((i) => forbiddenPackages.some((p) => i.path.startsWith(p)))
      .map((i) => ({ from, path: i.path })),
  );
  if (found.length > 0) throw new ForbiddenImportError(found);
}

/**
 * functions/lake/parquet-wasm.ts reads the .wasm from beside the bundle, so a bundle that
 * includes parquet-wasm needs a copy.
 */
export function needsParquetWasm(metafile: BundleMetafile): boolean {
  return Object.keys(metafile.inputs).some((path) => path.includes('node_modules/parquet-wasm/'));
}
