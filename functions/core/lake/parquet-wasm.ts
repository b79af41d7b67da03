// parquet-wasm's WebAssembly (~5 MB), compiled off the main thread. Compiling starts when this
// module is imported and runs on V8's background threads, so a Lambda's init overlaps it with
// loading the rest of the bundle instead of adding ~60 ms on top; handlers await `parquetWasmReady`
// to finish init with it loaded. Async callers wait for it too; a synchronous caller that comes
// before it is done loads the module itself.
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
