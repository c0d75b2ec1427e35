/**
 * Where the wasm backend's binaries are served. Kept apart from backend.ts (which imports TF.js) so
 * that the worker entry can set them without pulling TF.js into the worker's first chunk: a float64
 * problem never loads TF.js at all.
 */
export type WasmBinary = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

let binaries: Partial<Record<WasmBinary, string>> | null = null;

/** Sets the binaries' URLs (call before the first backend selection). */
export function setWasmBinaries(urls: Partial<Record<WasmBinary, string>>): void {
  binaries = urls;
}

/** The URLs set, or null where TF.js finds the binaries itself (Node). */
export function wasmBinaries(): Partial<Record<WasmBinary, string>> | null {
  return binaries;
}
