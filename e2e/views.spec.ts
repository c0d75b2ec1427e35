/**
 * The views of issue 4 in a real browser: the view picker, every curve view streaming, the distance
 * and gap views on a convex problem, the model fit, the step inspector, divergence marking, linked
 * hover and click-to-set-start. Values come from `window.__playground` and Plotly's `gd.data`/`layout`.
 */
import { expect, test, type Page } from './fixtures';
import { pg, gen, traces, waitLoaded, reloadAfter, fill, show, viewsDrawn, type Trace } from './page';

/** Layout fields of the graph div inside `testId`. */
function layoutOf(page: Page, testId: string): Promise<{ shapes: { x0: number; xref: string }[]; annotations: { text: string }[]; yType: string; xTitle: string; yTitle: string }> {
  return page.evaluate((id) => {
    const gd = document.querySelector(`[data-testid="${id}"].js-plotly-plot, [data-testid="${id}"] .js-plotly-plot`) as unknown as {
      layout: { shapes?: { x0: number; xref: string }[]; annotations?: { text: string }[] };
      _fullLayout: { yaxis: { type: string; title: { text: string } }; xaxis: { title: { text: string } } };
    };
    return {
      shapes: gd.layout.shapes ?? [], annotations: gd.layout.annotations ?? [], yType: gd._fullLayout.yaxis.type,
      xTitle: gd._fullLayout.xaxis.title.text, yTitle: gd._fullLayout.yaxis.title.text,
    };
  }, testId);
}

const steps = (page: Page) => page.evaluate(() => window.__playground!.steps);

async function chooseProblem(page: Page, id: string, runs = 3): Promise<void> {
  await reloadAfter(page, runs, () => page.getByTestId('problem').selectOption(id));
  await expect.poll(() => page.evaluate(() => window.__playground!.problem)).toBe(id);
}

/** Pauses unless the runs have already finished (the pause button is then disabled). */
async function stop(page: Page): Promise<void> {
  await page.getByTestId('pause').click({ timeout: 3000 }).catch(() => undefined);
  await expect(page.getByTestId('play-state')).not.toHaveText('playing');
}

/** Page coordinates of plot-area fractions (fx, fy from the top left) of the graph div `testId`. */
function plotPoint(page: Page, testId: string, fx: number, fy: number): Promise<{ px: number; py: number; x: number; y: number }> {
  return page.evaluate(({ id, fx, fy }) => {
    const gd = document.querySelector(`[data-testid="${id}"]`) as unknown as HTMLElement & { _fullLayout: { _size: { l: number; t: number; w: number; h: number }; xaxis: { p2l(p: number): number }; yaxis: { p2l(p: number): number } } };
    const { _size: s, xaxis, yaxis } = gd._fullLayout;
    const box = gd.getBoundingClientRect();
    return { px: box.left + s.l + fx * s.w, py: box.top + s.t + fy * s.h, x: xaxis.p2l(fx * s.w), y: yaxis.p2l(fy * s.h) };
  }, { id: testId, fx, fy });
}

/** Page coordinates of the data point (x, y) of the graph div `testId` (or the first graph div inside it). */
function pagePoint(page: Page, testId: string, x: number, y: number): Promise<{ px: number; py: number }> {
  return page.evaluate(({ id, x, y }) => {
    const gd = document.querySelector(`[data-testid="${id}"].js-plotly-plot, [data-testid="${id}"] .js-plotly-plot`) as unknown as HTMLElement & {
      _fullLayout: { _size: { l: number; t: number }; xaxis: { c2p(v: number): number }; yaxis: { c2p(v: number): number } };
    };
    const box = gd.getBoundingClientRect();
    const f = gd._fullLayout;
    return { px: box.left + f._size.l + f.xaxis.c2p(x), py: box.top + f._size.t + f.yaxis.c2p(y) };
  }, { id: testId, x, y });
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await waitLoaded(page, 3);
});

test('the view picker shows every curve view, each gaining points while running; options change what they draw', async ({ page }) => {
  expect(await pg(page, 'slots')).toEqual(['contour', 'loss', 'stepSize']);
  // Picking a view another slot shows swaps the two.
  await show(page, 1, 'stepSize');
  expect(await pg(page, 'slots')).toEqual(['contour', 'stepSize', 'loss']);
  await show(page, 1, 'loss');

  // Long and slow enough to outlast the checks below.
  await reloadAfter(page, 3, () => fill(page, 'length', '1000'));
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('play').click();
  await expect.poll(async () => Math.min(...(await steps(page)))).toBeGreaterThan(10);
  const views: [string, string][] = [['gradNorm', 'gradnorm-view'], ['params', 'params-view'], ['distance', 'distance-view'], ['gap', 'gap-view'], ['stepSize', 'stepsize-view']];
  for (const [view, testId] of views) {
    await show(page, 2, view);
    await expect.poll(async () => (await traces(page, testId)).slice(0, 3).map((t) => t.n > 5)).toEqual([true, true, true]);
    // Still growing while playing.
    const first = (await traces(page, testId))[0].n;
    await expect.poll(async () => (await traces(page, testId))[0].n).toBeGreaterThan(first);
    const layout = await layoutOf(page, testId);
    expect(layout.xTitle).toBe('iteration k');
    expect(layout.yTitle.length).toBeGreaterThan(3);
    expect(layout.yType).toBe(view === 'params' ? 'linear' : 'log');
    // Never NaN on a plot, never ≤ 0 on a log axis.
    for (const t of await traces(page, testId)) {
      for (const y of t.y) if (y !== null) expect(Number.isFinite(y) && (layout.yType !== 'log' || y > 0)).toBe(true);
    }
  }
  // The step inspector lists the last received steps of the selected run and updates live.
  await show(page, 2, 'inspector');
  const rows = page.getByTestId('inspector-table').locator('tbody tr');
  await expect.poll(() => rows.count()).toBe(20);
  const top = Number(await rows.first().getAttribute('data-step'));
  await expect.poll(async () => Number(await rows.first().getAttribute('data-step'))).toBeGreaterThan(top);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('play-state')).toHaveText('paused');

  // Mini-batch loss; epoch axis (batch 1 on 25 points: 25 steps per epoch). The views draw over
  // several frames: read the last step once every view has drawn the last frame.
  await page.getByTestId('loss-kind').selectOption('batch');
  await expect.poll(async () => (await layoutOf(page, 'loss-view')).yTitle).toContain('mini-batch');
  await viewsDrawn(page);
  const lastStep = (await traces(page, 'loss-view'))[0].lastX!;
  expect(lastStep).toBe(await page.evaluate(() => window.__playground!.nearest(0, Number.MAX_SAFE_INTEGER)!.step));
  await page.getByTestId('x-axis').first().selectOption('epoch');
  await expect.poll(async () => (await traces(page, 'loss-view'))[0].lastX).toBe(lastStep / 25);
  expect((await layoutOf(page, 'loss-view')).xTitle).toContain('epoch');
  expect((await layoutOf(page, 'loss-view')).yTitle).toContain('mini-batch');
  await page.getByTestId('loss-kind').selectOption('both');
  await expect.poll(async () => (await traces(page, 'loss-view')).filter((t) => t.name === 'SGD').length).toBe(2);
  await page.getByTestId('x-axis').first().selectOption('iteration');

  // EMA β = 0: the trend line is the step size itself.
  await show(page, 2, 'stepSize');
  await fill(page, 'ema-beta', '0');
  await expect.poll(async () => {
    const t = await traces(page, 'stepsize-view');
    const polyak = t.filter((x) => x.name?.startsWith('Polyak'));
    return polyak.length === 2 && JSON.stringify(polyak[0].y) === JSON.stringify(polyak[1].y);
  }).toBe(true);
  await fill(page, 'ema-beta', '1.5');
  await expect(page.getByTestId('ema-beta')).toHaveAttribute('aria-invalid', 'true');
});

test('GD on polynomial degree 3 reaches θ*: ‖θ − θ*‖² and f − f* fall to ~0 on log axes', async ({ page }) => {
  await chooseProblem(page, 'polynomial');
  await reloadAfter(page, 3, () => fill(page, 'param-degree', '3'));
  await reloadAfter(page, 2, () => page.getByTestId('remove-run-2').click());
  await reloadAfter(page, 1, () => page.getByTestId('remove-run-1').click());
  await reloadAfter(page, 1, () => fill(page, 'batch-0', '7'));
  await fill(page, 'hyper-0-lr', '0.3');
  await reloadAfter(page, 1, () => page.getByTestId('length-unit').selectOption('steps'));
  await reloadAfter(page, 1, () => fill(page, 'length', '3000'));
  await page.getByTestId('speed').selectOption('0');
  await show(page, 1, 'distance');
  await show(page, 2, 'gap');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play-state')).toHaveText('done', { timeout: 20_000 });

  // The last frame is drawn in the animation frame after it arrived.
  await expect.poll(async () => (await traces(page, 'distance-view'))[0]?.lastX).toBe(3000);
  // (f − f* may reach 0 or below by rounding in the last steps: a log axis drops those points.)
  await expect.poll(async () => (await traces(page, 'gap-view'))[0]?.lastX).toBeGreaterThan(2900);
  const dist = (await traces(page, 'distance-view'))[0];
  expect(dist.y[0]).toBeGreaterThan(1e-3);
  expect(dist.lastY).toBeLessThan(1e-20);
  const gap = await traces(page, 'gap-view');
  // f(θ*) > 0 here (7 points, 4 coefficients): the gap ends at float64 rounding of f*.
  expect(gap[0].lastY).toBeLessThan(1e-12);
  // The averaged iterates converge too, more slowly (O(1/k)): dotted line well below its start.
  const avg = gap[1];
  expect(avg.name).toBe('SGD');
  expect(avg.lastY!).toBeLessThan(avg.y[0]! * 1e-3);
  expect(avg.lastY!).toBeGreaterThan(gap[0].lastY!);
});

test('the model fit draws the data and each run\'s curve, which approaches the points as it trains', async ({ page }) => {
  await chooseProblem(page, 'polynomial');
  await show(page, 2, 'fit');
  await expect.poll(async () => (await traces(page, 'fit-view')).map((t) => t.name)).toEqual(['data', 'SGD', 'Polyak (SPS)', 'Adam']);
  const info = await traces(page, 'fit-view');
  const data = info[0];
  expect(data.n).toBe(7);
  /** Mean squared residual of a fitted curve at the data x (linear interpolation on its grid). */
  const residual = (curve: Trace) => {
    let s = 0;
    data.x.forEach((x, i) => {
      let k = 1;
      while (k < curve.n - 1 && curve.x[k] < x) k++;
      const t = (x - curve.x[k - 1]) / (curve.x[k] - curve.x[k - 1]);
      const y = curve.y[k - 1]! + t * (curve.y[k]! - curve.y[k - 1]!);
      s += (y - data.y[i]!) ** 2;
    });
    return s / data.n;
  };
  const adamAt = async () => residual((await traces(page, 'fit-view')).find((t) => t.name === 'Adam')!);
  const start = await adamAt();
  const loss0 = (await pg(page, 'lastLoss'))[2]!;
  expect(start).toBeCloseTo(loss0, 6);
  expect(info[3].x[0]).toBeCloseTo(-1.1, 10);
  expect(info[3].x[info[3].n - 1]).toBeCloseTo(1.1, 10);

  await page.getByTestId('play').click();
  // The curve moves while training (animated), towards the points.
  await expect.poll(adamAt, { timeout: 20_000 }).toBeLessThan(start * 0.2);
  await stop(page);
  await expect.poll(async () => Math.abs((await adamAt()) - (await pg(page, 'lastLoss'))[2]!)).toBeLessThan(2e-3);
});

test('a diverging run is marked in the status, on the loss view and on the contour; the others continue', async ({ page }) => {
  await chooseProblem(page, 'rosenbrock');
  await fill(page, 'hyper-0-lr', '1');
  await page.getByTestId('play').click();
  await expect.poll(async () => (await pg(page, 'statuses'))[0].status).toBe('diverged');
  await expect(page.getByTestId('status-reason-0')).toContainText(/✕ diverged at step \d+/);
  await expect(page.getByTestId('status-hint-0')).toContainText('try a smaller lr than 1');
  const divergedAt = (await steps(page))[0];

  await expect.poll(async () => (await traces(page, 'loss-view'))[0].name).toBe(`SGD — diverged at step ${divergedAt}`);
  await expect.poll(async () => (await traces(page, 'loss-view')).find((t) => t.name === 'diverged')?.n).toBe(1);
  const loss = await traces(page, 'loss-view');
  const cross = loss.find((t) => t.name === 'diverged')!;
  expect(cross.lastX).toBe(loss[0].lastX);
  expect(cross.lastY).toBe(loss[0].lastY);
  await expect.poll(async () => (await traces(page, 'contour-overlay')).find((t) => t.name === 'diverged')?.n).toBe(1);

  // The other runs go on well past the divergence.
  await expect.poll(async () => Math.min((await steps(page))[1], (await steps(page))[2])).toBeGreaterThan(divergedAt + 150);
  expect((await pg(page, 'statuses')).slice(1).map((s) => s.status)).toEqual(['ok', 'ok']);
  expect((await steps(page))[0]).toBe(divergedAt);
  await stop(page);
});

test('hovering a step in one view highlights it in the other curve views and on the contour', async ({ page }) => {
  await page.getByTestId('play').click();
  await expect.poll(async () => Math.min(...(await steps(page)))).toBeGreaterThan(200);
  await stop(page);
  // Both read on every poll: a frame still in flight after the pause adds points to both.
  await expect.poll(async () => {
    const [drawn, received] = [(await traces(page, 'loss-view'))[0].n, (await pg(page, 'points'))[0]];
    return drawn === received ? 'drawn' : `${drawn} of ${received} points drawn`;
  }).toBe('drawn');

  // The mouse on SGD's loss curve, half way along.
  const sgd = (await traces(page, 'loss-view'))[0];
  const half = Math.floor(sgd.n / 2);
  const target = await pagePoint(page, 'loss-view', sgd.x[half], sgd.y[half]!);
  await page.mouse.move(target.px - 30, target.py);
  await page.mouse.move(target.px, target.py, { steps: 5 });
  await expect.poll(() => pg(page, 'hover').then((h) => h?.source ?? null)).toBe('loss');

  // One consistent reading: the hovered step, the vertical lines and rings of both curve views, the
  // contour's rings and the parameters each run had at that step.
  const linked = () => page.evaluate(() => {
    type Gd = { liveData: { name?: string; x: number[]; y: number[] }[]; layout: { shapes?: { x0: number }[] } };
    const gd = (id: string) => document.querySelector(`[data-testid="${id}"] .js-plotly-plot, [data-testid="${id}"].js-plotly-plot`) as unknown as Gd;
    const ring = (id: string) => {
      const t = gd(id).liveData.find((d) => d.name === 'hover');
      return t ? Array.from(t.x, (x, i) => [x, t.y[i]]) : null;
    };
    const p = window.__playground!;
    const hover = p.hover;
    return {
      hover,
      lines: ['loss-view', 'stepsize-view'].map((id) => (gd(id).layout.shapes ?? []).map((s) => s.x0)),
      ringSteps: ['loss-view', 'stepsize-view'].map((id) => ring(id)?.map(([x]) => x) ?? null),
      contour: ring('contour-overlay'),
      params: hover ? [0, 1, 2].map((r) => p.nearest(r, hover.step)!.params.slice(0, 2)) : null,
    };
  });
  await expect.poll(async () => {
    const l = await linked();
    if (!l.hover) return 'no hover';
    const s = l.hover.step;
    const ok = JSON.stringify(l.lines) === JSON.stringify([[s], [s]])
      && JSON.stringify(l.ringSteps) === JSON.stringify([[s, s, s], [s, s, s]])
      && JSON.stringify(l.contour) === JSON.stringify(l.params);
    return ok ? 'linked' : JSON.stringify(l);
  }).toBe('linked');

  // Hovering a row of the step inspector links the same way.
  await show(page, 2, 'inspector');
  const row = page.getByTestId('inspector-table').locator('tbody tr').nth(3);
  const rowStep = Number(await row.getAttribute('data-step'));
  await row.hover();
  await expect.poll(() => pg(page, 'hover')).toEqual({ run: 0, step: rowStep, source: 'inspector' });
  await expect.poll(async () => (await layoutOf(page, 'loss-view')).shapes.map((s) => s.x0)).toEqual([rowStep]);
  await expect(row).toHaveClass(/hovered/);

  // Leaving clears it everywhere.
  await page.mouse.move(5, 5);
  await expect.poll(() => pg(page, 'hover')).toBeNull();
  await expect.poll(async () => (await layoutOf(page, 'loss-view')).shapes.length).toBe(0);
});

test('hovering a long trajectory on the contour links its step', async ({ page }) => {
  await page.getByTestId('play').click();
  // Past ALL_MARKED (150) drawn points a trajectory marks only 40 of its iterates.
  await expect.poll(async () => Math.min(...(await pg(page, 'points')))).toBeGreaterThan(400);
  await stop(page);
  await viewsDrawn(page);
  const marked = await page.evaluate(() => {
    const gd = document.querySelector('[data-testid="contour-overlay"]') as unknown as { liveData: { mode?: string; marker?: { maxdisplayed?: number } }[] };
    return gd.liveData.slice(0, 3).map((d) => `${d.mode} ${d.marker?.maxdisplayed}`);
  });
  expect(marked).toEqual(Array(3).fill('lines+markers 40'));
  // The mouse on a point of SGD's line: the contour sets the hover step of a run, whose parameters at
  // that step are the hovered point (closest hover may pick another run's point under the mouse).
  const sgd = (await traces(page, 'contour-overlay'))[0];
  const k = Math.floor(sgd.n * 0.8);
  const target = await pagePoint(page, 'contour-overlay', sgd.x[k], sgd.y[k]!);
  await page.mouse.move(target.px - 20, target.py);
  await page.mouse.move(target.px, target.py, { steps: 4 });
  await expect.poll(() => pg(page, 'hover').then((h) => h?.source ?? null)).toBe('contour');
  const hover = (await pg(page, 'hover'))!;
  expect(hover.step).toBeGreaterThan(0);
  const params = (await page.evaluate(({ run, step }) => window.__playground!.nearest(run, step)!.params, hover))!;
  const at = await pagePoint(page, 'contour-overlay', params[0], params[1]);
  expect(Math.hypot(at.px - target.px, at.py - target.py)).toBeLessThan(20);
});

test('a click on the contour sets the start point of every run (or one) and restarts; a drag still zooms', async ({ page }) => {
  const original = await pg(page, 'lastParams');
  const click = await plotPoint(page, 'contour-overlay', 0.25, 0.7);
  await reloadAfter(page, 3, () => page.mouse.click(click.px, click.py));
  const moved = await pg(page, 'lastParams');
  const xr = await page.evaluate(() => (document.querySelector('[data-testid="contour-base"]') as unknown as { _fullLayout: { xaxis: { range: number[] }; yaxis: { range: number[] } } })._fullLayout);
  const tol = 0.01 * (xr.xaxis.range[1] - xr.xaxis.range[0]);
  for (const p of moved) {
    expect(Math.abs(p![0] - click.x)).toBeLessThan(tol);
    expect(Math.abs(p![1] - click.y)).toBeLessThan(tol);
  }
  expect((await steps(page))).toEqual([0, 0, 0]);
  // The start marker sits on the new start.
  await expect.poll(async () => (await traces(page, 'contour-overlay')).find((t) => t.name === 'start')?.x).toEqual(moved.map((p) => p![0]));

  // Only the selected run.
  await page.getByTestId('start-target').selectOption('selected');
  await page.getByTestId('start-run').selectOption('1');
  const second = await plotPoint(page, 'contour-overlay', 0.6, 0.3);
  await reloadAfter(page, 3, () => page.mouse.click(second.px, second.py));
  const one = await pg(page, 'lastParams');
  expect(one[0]).toEqual(moved[0]);
  expect(one[2]).toEqual(moved[2]);
  expect(Math.abs(one[1]![0] - second.x)).toBeLessThan(tol);

  // Back to the problem's default start.
  await reloadAfter(page, 3, () => page.getByTestId('default-start').click());
  expect(await pg(page, 'lastParams')).toEqual(original);

  // A drag zooms and does not move the start.
  const g = await gen(page);
  const a = await plotPoint(page, 'contour-overlay', 0.3, 0.3);
  const b = await plotPoint(page, 'contour-overlay', 0.6, 0.6);
  await page.mouse.move(a.px, a.py);
  await page.mouse.down();
  await page.mouse.move(b.px, b.py, { steps: 8 });
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 500))));
  expect(await gen(page)).toBe(g);
});

test('on a 1-D problem a click on the curve sets x₀; the parameters view shows x_k against k', async ({ page }) => {
  await chooseProblem(page, 'flat-sharp');
  const click = await plotPoint(page, 'contour-overlay', 0.3, 0.5);
  await reloadAfter(page, 3, () => page.mouse.click(click.px, click.py));
  for (const p of await pg(page, 'lastParams')) expect(Math.abs(p![0] - click.x)).toBeLessThan(0.05);
  await show(page, 1, 'params');
  await page.getByTestId('play').click();
  await expect.poll(async () => (await traces(page, 'params-view')).slice(0, 3).map((t) => t.n > 3)).toEqual([true, true, true]);
  await stop(page);
  const t = await traces(page, 'params-view');
  expect(t[0].y[0]).toBeCloseTo(click.x, 1);
  const last = await pg(page, 'lastParams');
  await expect.poll(async () => (await traces(page, 'params-view'))[0].lastY).toBe(last[0]![0]);
  expect((await layoutOf(page, 'params-view')).yTitle).toContain('x');
});

test('averaged iterates: approximate from a thinned record, exact with "record every step"', async ({ page }) => {
  // flat-sharp: 50 epochs of 2000 steps, recorded every 50th step by default.
  await chooseProblem(page, 'flat-sharp');
  await show(page, 2, 'gap');
  await page.getByTestId('step-count').fill('500');
  await page.getByTestId('step-count').press('Enter');
  await page.getByTestId('step').click();
  await expect.poll(() => steps(page)).toEqual([500, 500, 500]);
  expect(await pg(page, 'avgExact')).toEqual([false, false, false]);
  await expect.poll(async () => (await layoutOf(page, 'gap-view')).annotations.map((a) => a.text).join()).toContain('approximate');

  await reloadAfter(page, 3, () => page.getByTestId('record-all').check());
  await page.getByTestId('step').click();
  await expect.poll(() => steps(page)).toEqual([500, 500, 500]);
  expect(await pg(page, 'points')).toEqual([501, 501, 501]);
  expect(await pg(page, 'avgExact')).toEqual([true, true, true]);
  await expect.poll(async () => (await layoutOf(page, 'gap-view')).annotations.map((a) => a.text).join()).toContain('exact');
  await expect.poll(async () => (await traces(page, 'gap-view')).filter((t) => t.name === 'SGD').map((t) => t.n > 100)).toEqual([true, true]);
});
