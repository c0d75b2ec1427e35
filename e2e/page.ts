/**
 * Reading and driving the playground page from a test: `window.__playground` (read-only getters,
 * app/debug.ts), the traces of a view (Plotly's `gd.data` and its live layer's `gd.liveData`), and the waits every structural edit needs.
 */
import { expect, type Page, type TestInfo } from './fixtures';

type Debug = NonNullable<Window['__playground']>;

/** One field of `window.__playground`. */
export const pg = <K extends keyof Debug>(page: Page, key: K) => page.evaluate((k) => window.__playground![k], key) as Promise<Debug[K]>;
export const gen = (page: Page) => pg(page, 'gen');

export interface Trace {
  type: string;
  uid?: string;
  name?: string;
  n: number;
  x: number[];
  y: (number | null)[];
  /** Rows of z, for contours and heat-maps. */
  z?: (number | null)[][];
  lastX: number | null;
  lastY: number | null;
}

/** The traces Plotly holds in the graph div `testId` (or the first graph div inside it). */
export function traces(page: Page, testId: string): Promise<Trace[]> {
  return page.evaluate((id) => {
    type Raw = { type?: string; uid?: string; name?: string; meta?: unknown; x?: ArrayLike<number>; y?: ArrayLike<number | null>; z?: ArrayLike<ArrayLike<number | null>> };
    const gd = document.querySelector(`[data-testid="${id}"].js-plotly-plot, [data-testid="${id}"] .js-plotly-plot`) as (HTMLElement & { data?: Raw[]; liveData?: Raw[] }) | null;
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    // What the view shows: its live layer's traces (app/views/liveLayer.ts) and Plotly's own, less the legend-only stand-ins.
    return [...(gd?.liveData ?? []), ...(gd?.data ?? []).filter((t) => t.meta !== 'legend-proxy')].map((t) => {
      const x = Array.from(t.x ?? [], Number);
      const y = Array.from(t.y ?? [], num);
      const n = x.length;
      return {
        type: t.type ?? 'scatter', uid: t.uid, name: t.name, n, x, y,
        z: t.z ? Array.from(t.z, (row) => Array.from(row, num)) : undefined,
        lastX: n ? x[n - 1] : null, lastY: n ? y[n - 1] : null,
      };
    });
  }, testId);
}

/** The x range and y-axis type of the graph div inside `testId` (null while it is being redrawn). */
export function axes(page: Page, testId: string): Promise<{ x: number[]; yType: string } | null> {
  return page.evaluate((id) => {
    const gd = document.querySelector(`[data-testid="${id}"] .js-plotly-plot`) as unknown as { _fullLayout?: { xaxis?: { range: number[] }; yaxis?: { type: string } } } | null;
    const full = gd?._fullLayout;
    return full?.xaxis && full.yaxis ? { x: [...full.xaxis.range], yType: full.yaxis.type } : null;
  }, testId);
}

/** The worker answered the current load (a model takes a moment: TF.js loads, the backend is probed). */
export async function waitLoaded(page: Page, runs: number, problem?: string): Promise<void> {
  await expect.poll(() => pg(page, 'statuses').then((s) => s.length), { timeout: 60_000 }).toBe(runs);
  if (problem) await expect.poll(() => pg(page, 'problem')).toBe(problem);
  await expect(page.getByTestId('play-state')).toHaveText('paused');
  await viewsDrawn(page);
}

/** A structural edit: waits for the reload it causes. */
export async function reloadAfter(page: Page, runs: number, edit: () => Promise<unknown>): Promise<void> {
  const before = await gen(page);
  await edit();
  await expect.poll(() => gen(page)).toBeGreaterThan(before);
  await waitLoaded(page, runs);
}

/** Types `value` into the input `testId` and commits it with Enter. */
export async function fill(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
  await input.press('Enter');
}

/** Puts `view` in view slot `slot`. */
export const show = (page: Page, slot: number, view: string) => page.getByTestId(`slot-${slot}-view`).selectOption(view);

/**
 * webgpu in the WebGPU project, a fallback (webgl, wasm or cpu) in the other; the model's status
 * line says which (`statusLine: false` where the caller checks another element, e.g. the numeric path).
 */
export async function checkBackend(page: Page, testInfo: TestInfo, { statusLine = true } = {}): Promise<string> {
  expect(await pg(page, 'path')).toBe('tensor');
  const backend = await pg(page, 'backend');
  const webgpu = testInfo.project.name === 'chromium-webgpu';
  if (webgpu) expect(backend).toBe('webgpu');
  else expect(['webgl', 'wasm', 'cpu']).toContain(backend);
  if (!statusLine) return backend!;
  const status = page.getByTestId('backend');
  await expect(status).toHaveAttribute('data-backend', backend!);
  await expect(status).toContainText(`TF.js: ${backend}`);
  if (!webgpu) await expect(status).toContainText('webgpu refused');
  return backend!;
}

/** Plays at full speed until every run is done; returns the wall time in seconds. */
export async function playUntilDone(page: Page, timeout: number): Promise<number> {
  await page.getByTestId('speed').selectOption('0');
  const t0 = Date.now();
  await page.getByTestId('play').click();
  await expect.poll(() => pg(page, 'done'), { timeout, intervals: [250, 500, 1000] }).toBe(true);
  const seconds = (Date.now() - t0) / 1000;
  await expect(page.getByTestId('play-state')).toHaveText('done');
  // Trained where it started: no lost WebGPU device and fallback on the way.
  expect(await page.getByTestId('notice').allTextContents(), 'worker notices').toEqual([]);
  await viewsDrawn(page);
  return seconds;
}

/** Every view has drawn what it was asked to (they draw over several animation frames: app/drawLoop.ts). */
export async function viewsDrawn(page: Page): Promise<void> {
  await expect.poll(() => pg(page, 'drawn')).toBe(true);
}

/** Records a measured figure on the test (and in the log, so a run shows it). */
export function note(testInfo: TestInfo, text: string): void {
  testInfo.annotations.push({ type: 'speed', description: text });
  console.log(`[${testInfo.project.name}] ${text}`);
}
