/// <reference lib="webworker" />
/** Module worker entry: forwards messages to a Session (session.ts holds the logic). */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { setWasmBinaries } from '../tensor/wasmPaths';
import { Session } from './session';
import type { ToWorker } from './protocol';

// The wasm backend's binaries, as same-origin assets of the build. TF.js wants all three named; the
// threaded one is fetched only where SharedArrayBuffer exists (a cross-origin-isolated page).
setWasmBinaries({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new Session((msg, transfer) => scope.postMessage(msg, transfer));
scope.onmessage = (ev: MessageEvent<ToWorker>) => session.handle(ev.data);
