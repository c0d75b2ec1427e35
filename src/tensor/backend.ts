/**
 * Choosing the TF.js backend, in the worker: WebGPU first, then WebGL, then WebAssembly, then the CPU.
 *
 * The trap this avoids (REFERENCE §5): `await tf.setBackend('webgpu')` returns false when there is
 * no adapter, yet `tf.getBackend()` still says 'webgpu' and the next op hangs. So the adapter is
 * requested here first, the boolean is checked, a tiny op must complete within a time limit, and on
 * any failure the next backend is set explicitly. WebGL refuses software GL unless
 * SOFTWARE_WEBGL_ENABLED is set; the user sees "software" in the UI when that is what runs.
 *
 * The wasm backend lacks tf.gather's gradient (tfjs#8082), so the models embed tokens by a one-hot
 * matmul and gather only data. Its binaries are fetched at run time: in the browser from the URLs the
 * worker entry gives `setWasmBinaries` (wasmPaths.ts) (bundled assets, same origin); in Node from the package.
 */
import * as tf from '@tensorflow/tfjs';
import { wasmBinaries } from './wasmPaths';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

let wasmConfigured = false;

export interface BackendInfo {
  name: BackendName;
  /** True when the adapter or GL context is a software implementation (SwiftShader). */
  software: boolean;
  /** Description of the adapter, where the browser tells. */
  adapter: string;
  /** Backends tried before this one, and why each was refused. */
  refused: { name: BackendName; reason: string }[];
}

/** How long the first op on a new backend may take before it counts as hung. */
export const PROBE_TIMEOUT_MS = 20_000;

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

async function gpuAdapter(): Promise<GpuAdapterLike | null> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }) | undefined)?.gpu;
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter();
  } catch {
    return null;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** Sets `name` and proves it works with one small op; throws with the reason otherwise. */
async function trySet(name: BackendName): Promise<{ software: boolean; adapter: string }> {
  let software = false;
  let adapter: string = name;
  if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu'); // registers the backend (only where WebGPU exists)
    const a = await gpuAdapter();
    if (!a) throw new Error('no WebGPU adapter (navigator.gpu missing or requestAdapter() gave null)');
    software = a.isFallbackAdapter === true || a.info?.isFallbackAdapter === true;
    adapter = [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(' ') || 'WebGPU adapter';
  }
  if (name === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm'); // registers the backend
    // The paths can be set once, before the backend first initialises.
    const urls = wasmBinaries();
    if (urls && !wasmConfigured) wasm.setWasmPaths(urls);
    wasmConfigured = true;
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tf.setBackend('${name}') refused`);
  // tidy: the two operands would otherwise outlive the probe (2 tensors left per backend selection).
  const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
  const v = await withTimeout(probe.data(), PROBE_TIMEOUT_MS, `a first ${name} op`);
  probe.dispose();
  if (v[0] !== 2) throw new Error(`${name} computed 1 + 1 = ${v[0]}`);
  if (name === 'webgl') {
    const renderer = String(tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE') ? 'WebGL2' : 'WebGL');
    adapter = renderer;
  }
  if (name === 'wasm') adapter = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'WebAssembly SIMD' : 'WebAssembly';
  return { software, adapter };
}

/**
 * Selects the first backend that works, from `forced` (the user's choice) or the default order.
 * A forced backend that fails falls through to the rest of the order (and says so in `refused`);
 * `exclude` skips backends known to be gone (a lost WebGPU device), with their reason.
 */
export async function selectBackend(forced?: BackendName, exclude: { name: BackendName; reason: string }[] = []): Promise<BackendInfo> {
  const order = (forced ? [forced, ...BACKEND_ORDER.filter((b) => b !== forced)] : BACKEND_ORDER).filter((b) => !exclude.some((e) => e.name === b));
  const refused: BackendInfo['refused'] = [...exclude];
  for (const name of order) {
    try {
      const { software, adapter } = await trySet(name);
      return { name, software, adapter, refused };
    } catch (err) {
      refused.push({ name, reason: (err as Error).message });
    }
  }
  throw new Error(`no TF.js backend works here: ${refused.map((r) => `${r.name}: ${r.reason}`).join('; ')}`);
}

/** Calls `onLost` if the WebGPU device behind the current backend is lost. */
export function watchDeviceLoss(onLost: (reason: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } }).device;
  device?.lost?.then((info) => onLost(info?.message || info?.reason || 'device lost'));
}
