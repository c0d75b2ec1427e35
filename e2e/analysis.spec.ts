/**
 * The on-demand analyses of the tensor path in a real browser, in both projects (`chromium-webgpu`:
 * TF.js on SwiftShader's WebGPU; `chromium`: a fallback backend): S10's loss landscape around a
 * trained MLP with its trajectory on the slice, S13's Adam β₁ × β₂ grid on the classifier filling in
 * cell by cell (and its cancel), a batched seed sweep, and the precision toggle that runs an analytic
 * problem in float32 on TF.js, where S11's ‖θ_k − θ*‖² stops far above float64's.
 * Values come from the views' Plotly graphs (`gd.data`), their tables and `window.__playground`.
 *
 * Software WebGPU is slow: sizes are tiny and every wait polls (no bare sleeps).
 */
import { expect, test, type Page } from './fixtures';
import { pg, traces, waitLoaded, reloadAfter, fill, show, checkBackend, playUntilDone, note } from './page';

test('S10: the loss landscape around a trained MLP, with its trajectory ending at the centre', async ({ page }, testInfo) => {
  test.setTimeout(115_000);
  await page.goto('/#v=1&problem=mlp&steps=40&r0.opt=adam&r0.lr=0.1');
  await waitLoaded(page, 1, 'mlp');
  const backend = await checkBackend(page, testInfo);
  await show(page, 1, 'landscape');
  const view = page.getByTestId('landscape-view');
  await expect(view).toHaveAttribute('data-state', 'idle');
  const trainS = await playUntilDone(page, 90_000);
  expect((await pg(page, 'statuses'))[0]).toMatchObject({ step: 40, status: 'done' });
  const first = (await pg(page, 'firstLoss'))[0]!;
  const last = (await pg(page, 'lastLoss'))[0]!;
  expect(last).toBeLessThan(first / 10);

  await fill(page, 'landscape-grid', '21');
  await expect(page.getByTestId('landscape-grid')).toHaveAttribute('aria-invalid', 'false');
  const t0 = Date.now();
  await page.getByTestId('landscape-compute').click();
  await expect(view).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const landscapeS = (Date.now() - t0) / 1000;
  await expect(page.getByTestId('landscape-status')).toContainText('at step 40');

  const plot = await traces(page, 'landscape-2d');
  const contour = plot.find((t) => t.uid === 'landscape')!;
  // A 21×21 grid of log₁₀ L over t, s ∈ [−1, 1], every value finite.
  expect(contour.x.length).toBe(21);
  expect(contour.y.length).toBe(21);
  expect([contour.x[0], contour.x[20], contour.y[0], contour.y[20]]).toEqual([-1, 1, -1, 1]);
  expect(contour.z!.length).toBe(21);
  expect(contour.z!.every((row) => row.length === 21 && row.every((v) => v !== null && Number.isFinite(v)))).toBe(true);
  // The trajectory: from the start ○ to the current θ ★, which is the centre (0, 0) of the slice.
  const path = plot.find((t) => t.uid === 'path')!;
  expect(path.x.length).toBeGreaterThan(1);
  expect(path.x.at(-1)!).toBeCloseTo(0, 4);
  expect(path.y.at(-1)!).toBeCloseTo(0, 4);
  expect(Math.hypot(path.x[0], path.y[0]!)).toBeGreaterThan(1e-3);
  const end = plot.find((t) => t.uid === 'end')!;
  expect(end.x[0]).toBeCloseTo(0, 4);
  expect(end.y[0]!).toBeCloseTo(0, 4);
  expect(plot.find((t) => t.uid === 'start')!.x[0]).toBe(path.x[0]);

  // The 1-D slice L(θ + tΔ₁) over the same t; its centre is the grid's centre and (nearly) the trained loss.
  const [line, centre] = await traces(page, 'landscape-1d');
  expect(line.x).toEqual(contour.x);
  expect(line.y.every((v) => v !== null && v > 0)).toBe(true);
  expect(centre.y[0]!).toBeCloseTo(line.y[10]!, 6);
  expect(contour.z![10][10]!).toBeCloseTo(Math.log10(centre.y[0]!), 3);
  expect(centre.y[0]!).toBeLessThan(first / 10);
  // θ sits in a valley along Δ₁: the ends of the line are above its centre.
  expect(Math.min(line.y[0]!, line.y[20]!)).toBeGreaterThan(centre.y[0]!);
  note(testInfo, `MLP on ${backend}: 40 Adam steps in ${trainS.toFixed(1)} s; landscape 21×21 (+ line) in ${landscapeS.toFixed(1)} s; trajectory of ${path.x.length} points`);
});

test('S13: a 2×2 β grid on the classifier fills its cells live with finite numbers; cancel stops a running grid', async ({ page }, testInfo) => {
  test.setTimeout(115_000);
  await page.goto('/#v=1&problem=classifier&steps=10&r0.opt=adam&r0.lr=0.01&r0.bs=8');
  await waitLoaded(page, 1, 'classifier');
  const backend = await checkBackend(page, testInfo);
  await show(page, 1, 'betaGrid');
  const grid = page.getByTestId('beta-grid');
  await page.getByTestId('beta1s').fill('0.7, 0.9');
  await page.getByTestId('beta2s').fill('0.9 0.99');
  await fill(page, 'beta-steps', '50');
  await expect(page.getByTestId('beta-batch')).toHaveValue('8');
  const t0 = Date.now();
  await page.getByTestId('beta-grid-run').click();
  await expect(page.getByTestId('beta-grid-progress')).toHaveText(/^[0-4] \/ 4 cells$/);
  await expect(grid).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const gridS = (Date.now() - t0) / 1000;
  await expect(page.getByTestId('beta-grid-progress')).toHaveText('4 / 4 cells');
  const cells: { final: number; min: number; time: number }[] = [];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const cell = page.getByTestId(`beta-cell-${i}-${j}`);
      const [final, min, time] = await Promise.all(['data-final', 'data-min', 'data-time'].map(async (a) => Number(await cell.getAttribute(a))));
      expect(Number.isFinite(final) && Number.isFinite(min) && Number.isFinite(time)).toBe(true);
      expect(min).toBeLessThanOrEqual(final);
      expect(final).toBeGreaterThan(0);
      expect(time).toBeGreaterThan(0);
      await expect(cell).toContainText('final');
      cells.push({ final, min, time });
    }
  }
  // The heat-map: log₁₀ of each cell's final loss, β₁ down, β₂ across.
  const [heat] = await traces(page, 'beta-heatmap');
  expect(heat.z!.map((row) => row.map((v) => Number(v!.toFixed(6))))).toEqual([
    [Math.log10(cells[0].final), Math.log10(cells[1].final)].map((v) => Number(v.toFixed(6))),
    [Math.log10(cells[2].final), Math.log10(cells[3].final)].map((v) => Number(v.toFixed(6))),
  ]);
  note(testInfo, `classifier on ${backend}: 2×2 β grid × 50 steps in ${gridS.toFixed(1)} s (cells ${cells.map((c) => c.time.toFixed(0)).join(', ')} ms)`);

  // Cancel: a longer grid is stopped after its first cell by reloading; nothing more arrives.
  await page.getByTestId('beta1s').fill('0.7, 0.9, 0.99');
  await fill(page, 'beta-steps', '400');
  await page.getByTestId('beta-grid-run').click();
  await expect(page.getByTestId('beta-grid-progress')).toHaveText(/^[1-5] \/ 6 cells$/, { timeout: 60_000 });
  await reloadAfter(page, 1, () => page.getByTestId('beta-grid-cancel').click());
  await expect(grid).toHaveAttribute('data-state', 'cancelled');
  const frozen = await page.getByTestId('beta-grid-progress').textContent();
  await expect(page.getByTestId('beta-grid-cancel')).toHaveCount(0);
  // The reloaded experiment runs (the old grid's later cells belong to an old generation and are dropped).
  await page.getByTestId('step').click();
  await expect.poll(() => pg(page, 'steps'), { timeout: 30_000 }).toEqual([1]);
  expect(await page.getByTestId('beta-grid-progress').textContent()).toBe(frozen);
});

test('a batched sweep of 4 seeds returns 4 loss curves and a table, with its time', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto('/#v=1&problem=mlp&steps=20&r0.opt=adam&r0.lr=0.1');
  await waitLoaded(page, 1, 'mlp');
  const backend = await checkBackend(page, testInfo);
  await show(page, 2, 'sweep');
  await fill(page, 'sweep-count', '4');
  await fill(page, 'sweep-steps', '30');
  await page.getByTestId('sweep-seeds').click();
  const view = page.getByTestId('sweep-view');
  await expect(view).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const curves = await traces(page, 'sweep-plot');
  expect(curves.map((c) => c.name)).toEqual(['seed 0', 'seed 1', 'seed 2', 'seed 3']);
  for (const c of curves) {
    expect(c.x).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(c.y.every((v) => v !== null && Number.isFinite(v) && v > 0)).toBe(true);
    expect(c.y[29]!).toBeLessThan(c.y[0]!); // Adam lr 0.1 fits from every start
  }
  // Different seeds, different initial weights.
  expect(new Set(curves.map((c) => c.y[0])).size).toBe(4);
  for (let r = 0; r < 4; r++) {
    const row = page.getByTestId(`sweep-row-${r}`);
    await expect(row.locator('th')).toHaveText(String(r));
    expect(Number(await row.getAttribute('data-final'))).toBeCloseTo(curves[r].y[29]!, 5);
  }
  await expect(page.getByTestId('sweep-row-4')).toHaveCount(0);
  const time = await page.getByTestId('sweep-time').textContent();
  expect(time).toMatch(/^4 runs as one batched program: \d+ ms/);
  note(testInfo, `MLP on ${backend}: ${time}`);
});

const POLY9 = '#v=1&problem=polynomial&p.degree=9&data=sin-exp&n=7&noise=0&steps=20000&r0.opt=sgd&r0.label=GD&r0.bs=7&r0.lr=0.2771&r0.init=0,0,0,0,0,0,0,0,0,0';

/** The last received ‖θ_k − θ*‖² of run 0, once the distance view has drawn step `step`. */
async function lastDistance(page: Page, step: number): Promise<number> {
  await expect.poll(async () => (await traces(page, 'distance-view'))[0]?.x.at(-1), { timeout: 30_000 }).toBe(step);
  return (await traces(page, 'distance-view'))[0].y.at(-1)!;
}

test('precision: polynomial degree 9 by GD reaches ‖θ − θ*‖² < 1e-12 in float64; float32 on TF.js stops far above', async ({ page }, testInfo) => {
  test.setTimeout(115_000);
  await page.goto(`/${POLY9}`);
  await waitLoaded(page, 1, 'polynomial');
  expect(await pg(page, 'path')).toBe('float64');
  await expect(page.getByTestId('precision-select')).toHaveValue('float64');
  await expect(page.getByTestId('numeric-path')).toHaveText('float64 engine');
  await show(page, 1, 'distance');
  const s64 = await playUntilDone(page, 60_000);
  const d64 = await lastDistance(page, 20_000);
  expect(d64).toBeLessThan(1e-12);

  // float32: the same problem, data and start on the tensor path (TF.js in the worker), on the project's backend.
  await reloadAfter(page, 1, () => page.getByTestId('precision-select').selectOption('float32'));
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('precision=float32');
  const backend = await checkBackend(page, testInfo, { statusLine: false });
  await expect(page.getByTestId('numeric-path')).toHaveText(new RegExp(`^TF\\.js float32 on ${backend}`));
  await expect(page.getByTestId('numeric-path')).toHaveAttribute('data-path', 'tensor');
  if (backend !== 'webgpu') await expect(page.getByTestId('numeric-path')).toContainText('webgpu refused');
  await expect(page.getByTestId('backend')).toHaveCount(0); // said once, by the numeric path
  await page.getByTestId('step-count').fill('20');
  await page.getByTestId('step-count').press('Enter');
  await page.getByTestId('step').click();
  await expect.poll(() => pg(page, 'steps'), { timeout: 60_000 }).toEqual([20]);
  expect(await lastDistance(page, 20)).toBeGreaterThan(1e-3); // 20 steps from 0: far from θ*

  // All 2·10⁴ steps on TF.js's cpu backend (software WebGPU/WebGL would take minutes): float32 still.
  await reloadAfter(page, 1, () => page.getByTestId('backend-select').selectOption('cpu'));
  expect(await pg(page, 'backend')).toBe('cpu');
  await expect(page.getByTestId('numeric-path')).toHaveText(/^TF\.js float32 on cpu/);
  await expect(page.getByTestId('numeric-path')).toHaveAttribute('data-backend', 'cpu');
  const s32 = await playUntilDone(page, 90_000);
  const d32 = await lastDistance(page, 20_000);
  expect(d32).toBeGreaterThan(1e-14); // float32 cannot get near float64's floor…
  expect(d32).toBeLessThan(1e-4); // …though GD did converge, to float32 accuracy
  note(testInfo, `GD on polynomial degree 9, 20 000 steps: float64 engine ${s64.toFixed(1)} s → ‖θ − θ*‖² = ${d64.toExponential(2)}; float32 on TF.js cpu ${s32.toFixed(1)} s → ${d32.toExponential(2)} (a few steps on ${backend} first)`);

  // Back to float64: the engine again.
  await reloadAfter(page, 1, () => page.getByTestId('precision-select').selectOption('float64'));
  expect(await pg(page, 'path')).toBe('float64');
  await expect(page.getByTestId('numeric-path')).toHaveText('float64 engine');
});
