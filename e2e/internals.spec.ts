/**
 * Issue 4's remaining views in a real browser: optimizer internals on the contour (−∇f, momentum and
 * step arrows, Armijo's trial points), the 2-D slice selector on S3 (d = 20), the loss-threshold stop,
 * recolouring a run, the typeset update rules, and the layout at 1280×720 with 44 px touch targets.
 * Values are read from the page (Plotly's gd.data, window.__playground) and checked against f's
 * gradient computed here.
 */
import { expect, test, type Page } from './fixtures';
import { PRESETS_BY_ID, encodeLink } from '../src/index';

interface OverlayTrace { name?: string; x: number[]; y: number[]; meta?: { kind: string; run: number; t: number; vec: [number, number]; scale: number; etas?: number[] }; color?: string }

/** The traces of the contour overlay (the transparent plot over the static contour) and of its live layer. */
function overlay(page: Page): Promise<OverlayTrace[]> {
  return page.evaluate(() => {
    type Raw = { name?: string; x?: ArrayLike<number>; y?: ArrayLike<number>; meta?: unknown; line?: { color?: string } };
    const gd = document.querySelector('[data-testid="contour-overlay"]') as unknown as { data?: Raw[]; liveData?: Raw[] };
    return [...(gd?.liveData ?? []), ...(gd?.data ?? [])].map((t) => ({ name: t.name, x: Array.from(t.x ?? [], Number), y: Array.from(t.y ?? [], Number), meta: t.meta as OverlayTrace['meta'], color: t.line?.color }));
  });
}

const pg = (page: Page) => page.evaluate(() => {
  const p = window.__playground!;
  return { steps: p.steps, statuses: p.statuses, lastParams: p.lastParams, gen: p.gen, points: p.points };
});
const nearest = (page: Page, run: number, step: number) => page.evaluate(([r, s]) => window.__playground!.nearest(r, s), [run, step] as const);

async function open(page: Page, hash: string, runs: number): Promise<void> {
  await page.goto(`/#${hash}`);
  await expect.poll(async () => (await pg(page)).statuses.length).toBe(runs);
  await expect(page.getByTestId('play-state')).toHaveText('paused');
}

// The default quadratic ½θᵀHθ, H = [[100, 9], [9, 1]]: ∇f(θ) = Hθ.
const H = [[100, 9], [9, 1]];
const gradQ = ([x, y]: number[]) => [H[0][0] * x + H[0][1] * y, H[1][0] * x + H[1][1] * y];
const fQ = ([x, y]: number[]) => 0.5 * (H[0][0] * x * x + 2 * H[0][1] * x * y + H[1][1] * y * y);

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('internals on the quadratic: −∇f, momentum and step arrows, and Armijo trial points on θ − η₀βʲ∇f', async ({ page }) => {
  await open(page, 'v=1&problem=quadratic&steps=200&record=all&r0.opt=sgd&r0.label=SGD&r0.lr=0.005&r0.momentum=0.5&r1.opt=armijo&r1.label=Armijo&r1.eta0=1&r1.beta=0.5', 2);
  await page.getByTestId('internals').check();
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('step').click();
    await expect.poll(async () => (await pg(page)).steps).toEqual([i + 1, i + 1]);
  }
  const arrows = async () => (await overlay(page)).filter((t) => t.meta && t.meta.t === 3);
  await expect.poll(async () => (await arrows()).length).toBe(6); // per run: −∇f, step; SGD: momentum; Armijo: trials
  const all = await arrows();
  const { lastParams } = await pg(page);
  const of = (run: number, kind: string) => all.find((t) => t.meta!.run === run && t.meta!.kind === kind)!;

  for (const run of [0, 1]) {
    const theta = lastParams[run]!;
    const g = gradQ(theta);
    const grad = of(run, 'grad');
    // The arrow carries ∇f(θ_t) and is drawn from θ_t along −∇f, scaled by meta.scale.
    expect(close(grad.meta!.vec[0], g[0], 1e-9) && close(grad.meta!.vec[1], g[1], 1e-9), `run ${run}: ${grad.meta!.vec} vs ${g}`).toBe(true);
    expect(grad.x[0]).toBe(theta[0]);
    expect(grad.y[0]).toBe(theta[1]);
    expect(grad.meta!.scale).toBeGreaterThan(0);
    expect(close(grad.x[1], theta[0] - grad.meta!.scale * g[0], 1e-12)).toBe(true);
    expect(close(grad.y[1], theta[1] - grad.meta!.scale * g[1], 1e-12)).toBe(true);
    // The step arrow runs from θ₂ to θ₃ (both recorded: record=all).
    const prev = (await nearest(page, run, 2))!;
    expect(prev.step).toBe(2);
    const step = of(run, 'step');
    expect(close(step.x[0], prev.params[0], 1e-12) && close(step.y[0], prev.params[1], 1e-12)).toBe(true);
    expect([step.x[1], step.y[1]]).toEqual(theta);
  }

  // SGD's momentum buffer: θ₃ = θ₂ − γ·b₃, so b₃ = (θ₂ − θ₃)/γ; its arrow shows −b₃ with the gradient's scale.
  const theta2 = (await nearest(page, 0, 2))!.params;
  const b = [0, 1].map((k) => (theta2[k] - lastParams[0]![k]) / 0.005);
  const mom = of(0, 'momentum');
  expect(close(mom.meta!.vec[0], b[0], 1e-9) && close(mom.meta!.vec[1], b[1], 1e-9), `${mom.meta!.vec} vs ${b}`).toBe(true);
  expect(mom.meta!.scale).toBe(-of(0, 'grad').meta!.scale);
  expect(all.some((t) => t.meta!.run === 1 && t.meta!.kind === 'momentum')).toBe(false);

  // Armijo: the trials of update 3 start at θ₂ and lie on θ₂ − η₀βʲ∇f(θ₂); the last one (accepted) is θ₃
  // and satisfies the Armijo condition, the ones before do not.
  const trials = of(1, 'trials');
  const from = (await nearest(page, 1, 2))!.params;
  const g2 = gradQ(from);
  const etas = trials.meta!.etas!;
  expect(etas.length).toBeGreaterThan(1);
  etas.forEach((eta, j) => expect(eta).toBe(0.5 ** j));
  expect(close(trials.x[0], from[0], 1e-12) && close(trials.y[0], from[1], 1e-12)).toBe(true);
  etas.forEach((eta, j) => {
    expect(close(trials.x[j + 1], from[0] - eta * g2[0], 1e-9), `x of trial ${j}`).toBe(true);
    expect(close(trials.y[j + 1], from[1] - eta * g2[1], 1e-9), `y of trial ${j}`).toBe(true);
    const f = fQ([trials.x[j + 1], trials.y[j + 1]]);
    const sufficient = f <= fQ(from) - 1e-4 * eta * (g2[0] ** 2 + g2[1] ** 2);
    expect(sufficient, `trial ${j}`).toBe(j === etas.length - 1);
  });
  expect(close(trials.x.at(-1)!, lastParams[1]![0], 1e-12) && close(trials.y.at(-1)!, lastParams[1]![1], 1e-12)).toBe(true);

  // The hovered step (a row of the step inspector): −∇f at that step's point, computed on the page, and the step into it.
  await page.getByTestId('slot-2-view').selectOption('inspector');
  const row = page.getByTestId('inspector-table').locator('tbody tr[data-step="2"]');
  const rowStep = Number(await row.getAttribute('data-step'));
  expect(rowStep).toBe(2);
  await row.hover();
  await expect.poll(async () => (await overlay(page)).filter((t) => t.meta?.t === rowStep && t.meta.run === 0).map((t) => t.meta!.kind).sort()).toEqual(['grad', 'step']);
  const hovered = (await nearest(page, 0, rowStep))!.params;
  const hg = (await overlay(page)).find((t) => t.meta?.t === rowStep && t.meta.run === 0 && t.meta.kind === 'grad')!;
  const gh = gradQ(hovered);
  expect(close(hg.meta!.vec[0], gh[0], 1e-9) && close(hg.meta!.vec[1], gh[1], 1e-9), `${hg.meta!.vec} vs ${gh}`).toBe(true);
  expect([hg.x[0], hg.y[0]]).toEqual(hovered);
  await page.mouse.move(0, 0);

  // Off: the arrows go.
  await page.getByTestId('internals').uncheck();
  await expect.poll(async () => (await overlay(page)).filter((t) => t.meta).length).toBe(0);
});

test('slice selector on S3 (d = 20): the contour redraws for axes (3, 7) and trajectories are projected on them', async ({ page }) => {
  const preset = PRESETS_BY_ID['s3-polyak-vs-tuned-sgd'];
  await page.goto(`/#${await encodeLink(preset.experiment)}`);
  await expect.poll(async () => (await pg(page)).statuses.length).toBe(preset.experiment.runs.length);
  await page.getByTestId('slot-0-view').selectOption('contour');
  await expect(page.getByTestId('play-state')).toHaveText('paused');
  await page.getByTestId('step').click();
  await page.getByTestId('step').click();
  await expect.poll(async () => (await pg(page)).steps[0]).toBe(2);
  const xTitle = () => page.evaluate(() => (document.querySelector('[data-testid="contour-base"]') as unknown as { _fullLayout: { xaxis: { title: { text: string } }; yaxis: { title: { text: string } } } })._fullLayout);
  await expect.poll(async () => (await xTitle()).xaxis.title.text).toBe('w1');
  await page.getByTestId('slice-at').selectOption('run');
  await page.getByTestId('slice-x').selectOption('3');
  await page.getByTestId('slice-y').selectOption('7');
  await expect.poll(async () => { const l = await xTitle(); return [l.xaxis.title.text, l.yaxis.title.text]; }).toEqual(['w4', 'w8']);
  const { lastParams } = await pg(page);
  await expect.poll(async () => {
    const t = (await overlay(page)).find((tr) => tr.name === preset.experiment.runs[0].label)!;
    return [t.x.at(-1), t.y.at(-1)];
  }).toEqual([lastParams[0]![3], lastParams[0]![7]]);
  // The contour's minimum along the slice is near the run's point's neighbourhood: its z grid is finite and new.
  const z = await page.evaluate(() => {
    const gd = document.querySelector('[data-testid="contour-base"]') as unknown as { data: { x: number[]; y: number[]; z: number[][] }[] };
    return { nx: gd.data[0].x.length, finite: gd.data[0].z.every((row) => row.every(Number.isFinite)) };
  });
  expect(z.finite).toBe(true);
  expect(z.nx).toBeGreaterThan(10);
});

test('a loss threshold stops a run with its reason; the other goes on', async ({ page }) => {
  // f = ½‖θ‖² from (−1.5, 1); GD with lr 0.5: f_t = 1.625·0.25ᵗ < 10⁻³ first at t = 6.
  await open(page, 'v=1&problem=quadratic&p.h11=1&p.h12=0&p.h22=1&steps=60&stoploss=0.001&r0.opt=sgd&r0.label=fast&r0.lr=0.5&r1.opt=sgd&r1.label=slow&r1.lr=0.01', 2);
  await page.getByTestId('play').click();
  await expect.poll(async () => (await pg(page)).statuses.map((s) => s.status), { timeout: 15_000 }).toEqual(['done', 'done']);
  const { statuses } = await pg(page);
  expect(statuses[0]).toEqual({ step: 6, status: 'done', reason: 'stopped at step 6: loss 0.000397 < 0.001' });
  expect(statuses[1].step).toBe(60);
  expect(statuses[1].reason).toBeUndefined();
  await expect(page.getByTestId('status-reason-0')).toContainText('stopped at step 6: loss 0.000397 < 0.001');

  // From the loss view's header: a threshold of 0.01 stops the fast run at step 4 (f₄ ≈ 6.3e-3), and it reaches the link.
  await expect(page.getByTestId('stop-loss')).toHaveValue('0.001');
  const before = (await pg(page)).gen;
  await page.getByTestId('stop-loss').fill('0.01');
  await page.getByTestId('stop-loss').press('Enter');
  await expect.poll(async () => (await pg(page)).gen).toBeGreaterThan(before);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('stoploss=0.01');
  await page.getByTestId('play').click();
  await expect.poll(async () => (await pg(page)).statuses[0]?.reason, { timeout: 15_000 }).toBe('stopped at step 4: loss 0.00635 < 0.01');
});

test('recolouring a run changes its colour in the views; the typeset update rule shows live values', async ({ page }) => {
  await open(page, 'v=1&problem=quadratic&steps=100&r0.opt=sgd&r0.label=GD&r0.lr=0.005&r0.momentum=0.9', 1);
  await page.getByTestId('run-color-0').fill('#123456');
  await expect.poll(async () => (await overlay(page)).find((t) => t.name === 'GD')?.color).toBe('#123456');
  await expect(page.getByTestId('run-row-0')).toHaveCSS('border-left-color', 'rgb(18, 52, 86)');

  await page.getByTestId('slot-2-view').selectOption('rule');
  const live = page.getByTestId('rule-live-0');
  await expect(page.getByTestId('rule-symbols-0').locator('.katex')).toHaveCount(2);
  // KaTeX's text: θt = θt−1 − 0.005 bt, and b_t = 0.9 b_{t−1} + (1 − 0) g_t.
  await expect(live).toContainText('0.005');
  await expect(live).toContainText('0.9');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('rule-run-0')).toHaveAttribute('data-step-size', '0.005');
  await expect(live).toContainText('γt=0.005');
  // No KaTeX font or style came from elsewhere (the guard fails the test on off-origin requests).
  const fonts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /KaTeX.*\.woff2?/.test(n)));
  for (const f of fonts) expect(new URL(f).origin).toBe(new URL(page.url()).origin);
});

test('layout at 1280×720: the views and controls fit, and buttons and sliders are at least 44 px tall', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, 'v=1&problem=quadratic&steps=100&r0.opt=sgd&r0.label=GD&r0.lr=0.005', 1);
  const boxes = await page.evaluate(() => {
    const pick = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel)).filter((e) => e.offsetParent !== null)
      .map((e) => { const r = e.getBoundingClientRect(); return { sel, id: e.dataset.testid ?? e.getAttribute('aria-label') ?? e.tagName, w: r.width, h: r.height, right: r.right, bottom: r.bottom }; });
    return [
      ...pick('[data-testid="play"], [data-testid="pause"], [data-testid="step"], [data-testid="reset"]'),
      ...pick('.controls button, .controls input[type="range"], .controls select, .controls input[type="color"]'),
    ];
  });
  expect(boxes.length).toBeGreaterThan(5);
  for (const b of boxes) expect(b.h, `${b.id} height`).toBeGreaterThanOrEqual(44);
  for (const b of boxes.filter((x) => x.sel.includes('play'))) expect(b.w, `${b.id} width`).toBeGreaterThanOrEqual(44);
  // The contour and the two other views are on screen, nothing sticks out to the right.
  const slots = await page.evaluate(() => [0, 1, 2].map((i) => document.querySelector(`[data-testid="slot-${i}"]`)!.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height, right: r.right, bottom: r.bottom })));
  for (const s of slots) {
    expect(s.w).toBeGreaterThan(250);
    expect(s.h).toBeGreaterThan(180);
    expect(s.right).toBeLessThanOrEqual(1280);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});
