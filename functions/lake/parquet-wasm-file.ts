// The name of parquet-wasm's WebAssembly file: the Lambda bundling copies it beside the bundle
// under this name and parquet-wasm.ts loads it from there. Its own module, free of side effects,
// so infra can import it without starting a compile.
export const parquetWasmFile = 'parquet_wasm_bg.wasm';
