/**
 * The playground in a real browser: the production build under its CSP, the worker streaming frames,
 * Plotly drawing them. Values come from `window.__playground` (read-only) and Plotly's `gd.data`.
 */
import { expect, test, type Page } from './fixtures';
import { viewsDrawn } from './page';


interface Snapshot {
  gen: number;
  playing: boolean;
  done: boolean;
  problem: string | null;
  dim: number;
  points: number[];
  steps: number[];
  statuses: { step: number; status: string; reason?: string }[];
  lastParams: (number[] | null)[];
  lastLoss: (number | null)[];
}

function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const p = window.__playground!;
    return {
      gen: p.gen, playing: p.playing, done: p.done, problem: p.problem, dim: p.dim, points: p.points,
      steps: p.steps, statuses: p.statuses, lastParams: p.lastParams, lastLoss: p.lastLoss,
    };
  });
}

interface TraceSummary { type: string; name?: string; n: number; lastX: number | null; lastY: number | null }

/** The traces shown in the graph div `testId` (or the first inside it): its live layer's and Plotly's, as e2e/page.ts reads them. */
function traces(page: Page, testId: string): Promise<TraceSummary[]> {
  return page.evaluate((id) => {
    type Raw = { type?: string; name?: string; meta?: unknown; x?: ArrayLike<number>; y?: ArrayLike<number> };
    const gd = document.querySelector(`[data-testid="${id}"].js-plotly-plot, [data-testid="${id}"] .js-plotly-plot`) as (HTMLElement & { data?: Raw[]; liveData?: Raw[] }) | null;
    return [...(gd?.liveData ?? []), ...(gd?.data ?? []).filter((t) => t.meta !== 'legend-proxy')].map((t) => {
      const n = t.x?.length ?? 0;
      return { type: t.type ?? 'scatter', name: t.name, n, lastX: n ? Number(t.x![n - 1]) : null, lastY: n ? Number(t.y![n - 1]) : null };
    });
  }, testId);
}

/** Waits until the worker has answered the current load (status shows run steps). */
async function waitLoaded(page: Page, runs: number): Promise<void> {
  await expect.poll(async () => (await snapshot(page)).statuses.length).toBe(runs);
  await expect(page.getByTestId('play-state')).toHaveText('paused');
}

/** Every step count equal across two reads a few animation frames apart, i.e. nothing is moving. */
async function waitStill(page: Page): Promise<number[]> {
  let previous = '';
  await expect.poll(async () => {
    const now = JSON.stringify((await snapshot(page)).steps);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 250)));
    const again = JSON.stringify((await snapshot(page)).steps);
    const still = now === again && again === previous;
    previous = again;
    return still;
  }, { timeout: 10_000 }).toBe(true);
  return JSON.parse(previous) as number[];
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await waitLoaded(page, 3);
});

test('opens on the default experiment with the contour drawn under an aligned overlay', async ({ page }) => {
  for (const i of [0, 1, 2]) await expect(page.getByTestId(`run-row-${i}`)).toBeVisible();
  await expect(page.getByTestId('run-row-3')).toHaveCount(0);
  await expect(page.getByTestId('run-optimizer-0')).toHaveValue('sgd');
  await expect(page.getByTestId('run-optimizer-1')).toHaveValue('polyak');
  await expect(page.getByTestId('run-optimizer-2')).toHaveValue('adam');
  await expect(page.getByTestId('hyper-0-lr')).toHaveValue('0.01');
  await expect(page.getByTestId('hyper-2-lr')).toHaveValue('0.1');

  const s = await snapshot(page);
  expect(s.steps).toEqual([0, 0, 0]);
  // Step 0 is the start point: one point per run, all runs from the same default start.
  expect(s.points).toEqual([1, 1, 1]);
  expect(s.lastParams[0]).toHaveLength(s.dim);
  expect(s.lastParams[1]).toEqual(s.lastParams[0]);
  expect(Number.isFinite(s.lastLoss[0])).toBe(true);

  // The contour (or 1-D curve) is drawn once under the overlay; both plot areas coincide exactly.
  await expect.poll(async () => (await traces(page, 'contour-base')).map((t) => t.type)).toEqual([s.dim >= 2 ? 'contour' : 'scatter']);
  await expect.poll(async () => (await traces(page, 'contour-overlay')).length).toBeGreaterThanOrEqual(3 + 3);
  const geometry = await page.evaluate(() => {
    type Full = { _fullLayout: { _size: Record<string, number>; xaxis: { range: number[] }; yaxis: { range: number[] } } };
    const read = (id: string) => {
      const gd = document.querySelector(`[data-testid="${id}"]`) as unknown as Full;
      const f = gd._fullLayout;
      return { size: f._size, x: f.xaxis.range, y: f.yaxis.range, box: (gd as unknown as HTMLElement).getBoundingClientRect().toJSON() };
    };
    return { base: read('contour-base'), overlay: read('contour-overlay') };
  });
  expect(geometry.overlay).toEqual(geometry.base);
  // The start marker sits on the start point.
  const overlay = await traces(page, 'contour-overlay');
  const start = overlay.find((t) => t.name === 'start')!;
  expect(start.n).toBe(3);
  expect(start.lastX).toBe(s.lastParams[2]![0]);

  // A box zoom on the overlay zooms the contour under it to the same ranges.
  const { size, box } = geometry.base;
  const at = (fx: number, fy: number) => [box.x + size.l + fx * size.w, box.y + size.t + fy * size.h] as const;
  await page.mouse.move(...at(0.3, 0.3));
  await page.mouse.down();
  await page.mouse.move(...at(0.5, 0.45), { steps: 5 });
  await page.mouse.move(...at(0.6, 0.6), { steps: 5 });
  await page.mouse.up();
  const ranges = () => page.evaluate(() => ['contour-base', 'contour-overlay'].map((id) => {
    const f = (document.querySelector(`[data-testid="${id}"]`) as unknown as { _fullLayout: { xaxis: { range: number[] }; yaxis: { range: number[] } } })._fullLayout;
    return [...f.xaxis.range, ...f.yaxis.range];
  }));
  await expect.poll(async () => (await ranges())[1]).not.toEqual([...geometry.base.x, ...geometry.base.y]);
  await expect.poll(async () => { const [base, over] = await ranges(); return base.every((v, i) => v === over[i]); }).toBe(true);
  const [zoomedX0, zoomedX1] = (await ranges())[1];
  // 30 % of the width, to within the mouse's pixel rounding.
  expect((zoomedX1 - zoomedX0) / (geometry.base.x[1] - geometry.base.x[0])).toBeCloseTo(0.3, 2);
});

test('play streams points into every view; pause stops; reset returns to step 0 on the same start', async ({ page }) => {
  const before = await snapshot(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play-state')).toHaveText('playing');
  await expect.poll(async () => Math.min(...(await snapshot(page)).steps)).toBeGreaterThan(30);
  await expect(page.getByTestId('status-step-0')).not.toHaveText('0');

  // Every view gains points: trajectories on the contour overlay, loss and step-size curves.
  await expect.poll(async () => (await traces(page, 'contour-overlay')).slice(0, 3).map((t) => t.n > 5)).toEqual([true, true, true]);
  await expect.poll(async () => (await traces(page, 'loss-view')).slice(0, 3).map((t) => t.n > 5)).toEqual([true, true, true]);
  await expect.poll(async () => (await traces(page, 'stepsize-view')).slice(0, 3).map((t) => t.n > 5)).toEqual([true, true, true]);

  await page.getByTestId('pause').click();
  await expect(page.getByTestId('play-state')).toHaveText('paused');
  const still = await waitStill(page);
  const paused = await snapshot(page);
  expect(paused.steps).toEqual(still);
  expect(Math.min(...still)).toBeGreaterThan(30);
  // The curves end on the last received values, e.g. SGD's loss (once every view has drawn).
  await viewsDrawn(page);
  const loss = await traces(page, 'loss-view');
  expect(loss.slice(0, 3).map((t) => t.name)).toEqual(['SGD', expect.stringContaining('Polyak'), 'Adam']);
  expect(loss[0].lastY).toBe(paused.lastLoss[0]);
  expect(loss[0].lastX).toBe(paused.steps[0]);
  // SGD's trajectory has left the start.
  expect(paused.lastParams[0]).not.toEqual(before.lastParams[0]);

  await page.getByTestId('reset').click();
  await expect.poll(async () => (await snapshot(page)).gen).toBeGreaterThan(paused.gen);
  await waitLoaded(page, 3);
  const reset = await snapshot(page);
  expect(reset.steps).toEqual([0, 0, 0]);
  expect(reset.points).toEqual([1, 1, 1]);
  expect(reset.lastParams).toEqual(before.lastParams);
  await expect(page.getByTestId('status-step-0')).toHaveText('0');
  await expect.poll(async () => (await traces(page, 'loss-view')).slice(0, 3).map((t) => t.n)).toEqual([1, 1, 1]);
});

test('the step button advances every run by the chosen number of steps', async ({ page }) => {
  const count = page.getByTestId('step-count');
  await count.fill('5');
  await count.press('Enter');
  await page.getByTestId('step').click();
  await expect.poll(async () => (await snapshot(page)).steps).toEqual([5, 5, 5]);
  await page.getByTestId('step').click();
  await expect.poll(async () => (await snapshot(page)).steps).toEqual([10, 10, 10]);
  await expect(page.getByTestId('play-state')).toHaveText('paused');
});

test('moving the SGD lr slider to 0 during a run freezes SGD while the others go on', async ({ page }) => {
  await page.getByTestId('play').click();
  await expect.poll(async () => (await snapshot(page)).steps[0]).toBeGreaterThan(20);

  // The far-left notch of a log slider whose range includes 0 is exactly 0.
  await page.getByTestId('hyper-0-lr-slider').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('hyper-0-lr')).toHaveValue('0');
  const changedAt = (await snapshot(page)).steps[0];
  // Frames computed before the worker read the new lr may still arrive: wait for 20 more steps.
  await expect.poll(async () => (await snapshot(page)).steps[0]).toBeGreaterThan(changedAt + 20);
  const frozen = await snapshot(page);
  await expect.poll(async () => (await snapshot(page)).steps[0], { timeout: 15_000 }).toBeGreaterThan(frozen.steps[0] + 100);
  const later = await snapshot(page);
  expect(later.statuses[0].status).toBe('ok');
  expect(later.lastParams[0]).toEqual(frozen.lastParams[0]);
  expect(later.lastLoss[0]).toBe(frozen.lastLoss[0]);
  // The other runs kept moving.
  expect([later.lastParams[1], later.lastParams[2]]).not.toEqual([frozen.lastParams[1], frozen.lastParams[2]]);
  await page.getByTestId('pause').click();
});

test('typed hyperparameters reject NaN and out-of-range values with a message', async ({ page }) => {
  const lr = page.getByTestId('hyper-0-lr');
  await lr.fill('abc');
  await lr.press('Enter');
  await expect(page.getByTestId('hyper-0-lr-error')).toContainText('not a number');
  await lr.fill('-1');
  await lr.press('Enter');
  await expect(page.getByTestId('hyper-0-lr-error')).toContainText('must be ≥ 0');
  await expect(lr).toHaveAttribute('aria-invalid', 'true');
  await lr.press('Escape');
  await expect(lr).toHaveValue('0.01');
  await expect(page.getByTestId('hyper-0-lr-error')).toHaveCount(0);
  await lr.fill('0.05');
  await lr.press('Enter');
  await expect(lr).toHaveValue('0.05');
  await expect(page.getByTestId('errors')).toHaveCount(0);

  // Valid alone, invalid together: Nesterov needs momentum; the message names the field.
  await page.getByTestId('run-row-0').getByText('more hyperparameters').click();
  await page.getByTestId('hyper-0-nesterov').check();
  await expect(page.getByTestId('errors')).toContainText('runs[0].hyper.nesterov');
  await expect(page.getByTestId('play-state')).toHaveText('invalid');
  const momentum = page.getByTestId('hyper-0-momentum');
  await momentum.fill('0.9');
  await momentum.press('Enter');
  await expect(page.getByTestId('errors')).toHaveCount(0);
  await expect(page.getByTestId('play-state')).toHaveText('paused');
});

test('adding and removing runs, and switching problems, reload the experiment', async ({ page }) => {
  const gen0 = (await snapshot(page)).gen;
  await page.getByTestId('add-run').click();
  await expect(page.getByTestId('run-row-3')).toBeVisible();
  await waitLoaded(page, 4);
  const four = await snapshot(page);
  expect(four.gen).toBeGreaterThan(gen0);
  expect(four.points).toEqual([1, 1, 1, 1]);
  await expect.poll(async () => (await traces(page, 'loss-view')).length).toBe(4);

  await page.getByTestId('remove-run-3').click();
  await expect(page.getByTestId('run-row-3')).toHaveCount(0);
  await waitLoaded(page, 3);
  expect((await snapshot(page)).points).toEqual([1, 1, 1]);

  // Any other problem of the table: the worker loads it and the contour view follows.
  const options = await page.getByTestId('problem').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const current = await page.getByTestId('problem').inputValue();
  const other = options.find((o) => o !== current);
  expect(other, 'the problem table holds more than one problem').toBeDefined();
  await page.getByTestId('problem').selectOption(other!);
  await expect.poll(async () => (await snapshot(page)).problem).toBe(other);
  await waitLoaded(page, 3);
  await page.getByTestId('play').click();
  await expect.poll(async () => Math.min(...(await snapshot(page)).points)).toBeGreaterThan(1);
  await page.getByTestId('pause').click();
});
