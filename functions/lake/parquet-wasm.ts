// parquet-wasm's WebAssembly (~5 MB), compiled off the main thread: compiling starts when this
// module runs and goes on on V8's background threads. Handlers await `parquetWasmReady` to finish
// init with it loaded. On 2 cores the compile (~45 ms of CPU) mostly competes with the main thread
// rather than overlapping it (npm run bench lambdas; README). Async callers wait for it too; a
// synchronous caller that comes before it is done loads the module itself.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as parquet from 'parquet-wasm/esm';
import { parquetWasmFile } from './parquet-wasm-file.ts';

/** Beside the bundle in a Lambda (infra/bundling copies it there), else in the installed package. */
function wasmPath(): string {
  const besideBundle = fileURLToPath(new URL(parquetWasmFile, import.meta.url));
  return existsSync(besideBundle)
    ? besideBundle
    : createRequire(import.meta.url).resolve(`parquet-wasm/esm/${parquetWasmFile}`);
}

let loaded = false;

function instantiate(module: WebAssembly.Module | Uint8Array): void {
  if (loaded) return;
  parquet.initSync({ module });
  loaded = true;
}

/** Settles once the module is compiled and instantiated (rejects if the .wasm cannot be read). */
export const parquetWasmReady: Promise<void> = readFile(wasmPath())
  .then((bytes) => WebAssembly.compile(bytes))
  .then(instantiate);
// A failure here resurfaces from parquetWasm(), which reads the file again and throws its own error.
parquetWasmReady.catch(() => {});

/** The parquet-wasm bindings, loaded: at once if the background compile finished, else now. */
export function parquetWasm(): typeof parquet {
  if (!loaded) instantiate(readFileSync(wasmPath()));
  return parquet;
}

/** The bindings once the background compile is done, rather than compiling a second copy now. */
export async function loadedParquetWasm(): Promise<typeof parquet> {
  // A failed background compile is reported by parquetWasm(), which reads the file again.
  await parquetWasmReady.catch(() => {});
  return parquetWasm();
}
