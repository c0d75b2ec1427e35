/**
 * The preset gallery in a real browser: the gallery lists every preset grouped by scenario; each
 * analytic preset loads with one click and plays (steps advance, its views and link follow), with no
 * console errors and no off-origin requests; the S10 MLP preset loads on the tensor path and trains.
 * Values come from `window.__playground` (read-only). Every wait polls.
 */
import { expect, test, type Page } from './fixtures';
import { pg } from './page';
import { DEFAULT_VIEW_PREFS, PRESETS, PROBLEM_IDS, encodeLink, encodeViewPrefs, type Preset } from '../src/index';

const analytic = PRESETS.filter((p) => PROBLEM_IDS.includes(p.experiment.problem) && !p.analysis);

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  // The default experiment has loaded (the worker answered).
  await expect.poll(() => pg(page, 'statuses').then((s) => s.length)).toBeGreaterThan(0);
});

/** Opens the gallery and clicks the preset's card; the dialog closes. */
async function choose(page: Page, preset: Preset): Promise<number> {
  const before = await pg(page, 'gen');
  await page.getByTestId('presets-open').click();
  await expect(page.getByTestId('presets-panel')).toBeVisible();
  await page.getByTestId(`preset-${preset.id}`).click();
  await expect(page.getByTestId('presets-panel')).toHaveCount(0);
  await expect.poll(() => pg(page, 'gen')).toBeGreaterThan(before);
  return before;
}

test('the gallery lists every preset, grouped by scenario, and closes', async ({ page }) => {
  await page.getByTestId('presets-open').click();
  const panel = page.getByTestId('presets-panel');
  await expect(panel).toBeVisible();
  const cards = panel.locator('[data-testid^="preset-"].preset-card');
  await expect(cards).toHaveCount(PRESETS.length);
  for (const p of PRESETS) {
    const card = page.getByTestId(`preset-${p.id}`);
    await expect(card).toContainText(p.title);
    await expect(card).toContainText(p.look[0]);
    await expect(card).toContainText(p.look[1]);
    // In its scenario's group.
    await expect(page.getByTestId(`preset-group-${p.scenario}`).getByTestId(`preset-${p.id}`)).toHaveCount(1);
  }
  for (const s of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11', 'S12', 'S13', 'surface']) {
    await expect(page.getByTestId(`preset-group-${s}`)).toHaveCount(1);
  }
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await page.getByTestId('presets-open').click();
  await page.getByTestId('presets-close').click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('play-state')).toHaveText('paused'); // nothing was loaded
});

for (const preset of analytic) {
  // Titled by path: the chromium-webgpu project runs only the tensor-path ones (playwright.config.ts).
  const path = preset.experiment.precision === 'float32' ? ' (float32, tensor path)' : '';
  test(`analytic preset ${preset.id}${path} loads with one click and plays`, async ({ page }) => {
    await choose(page, preset);
    const runs = preset.experiment.runs.length;
    await expect.poll(() => pg(page, 'problem')).toBe(preset.experiment.problem);
    await expect.poll(() => pg(page, 'statuses').then((s) => s.length)).toBe(runs);
    // Playing: every run takes steps (a short run may already be done).
    await expect.poll(async () => (await pg(page, 'steps')).every((s) => s > 0), { timeout: 20_000 }).toBe(true);
    expect(await pg(page, 'path')).toBe(preset.experiment.precision === 'float32' ? 'tensor' : 'float64');
    const statuses = await pg(page, 'statuses');
    expect(statuses[preset.highlight].status, statuses[preset.highlight].reason).not.toBe('diverged');
    // Its views, and its link in the address bar (the debounced hash write): the experiment, then what
    // the views show where the preset differs from the defaults (its slots, its x axis).
    if (preset.views) expect(await pg(page, 'slots')).toEqual(preset.views);
    const views = encodeViewPrefs({ ...DEFAULT_VIEW_PREFS, views: preset.views ?? DEFAULT_VIEW_PREFS.views, xAxis: preset.xAxis ?? DEFAULT_VIEW_PREFS.xAxis });
    const hash = [await encodeLink(preset.experiment), views].filter((p) => p !== '').join('&');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${hash}`);
    // The status line shows no invalid experiment or worker error.
    await expect(page.getByTestId('play-state')).not.toHaveText(/invalid|error/);
  });
}

test('the S10 MLP preset loads on the tensor path and trains', async ({ page }) => {
  // The preset asks for 300 steps/s; SwiftShader WebGPU does about 5 here. The worker once built a debt of
  // steps at that speed and ran them in one tick (no frame for 45 s, then 300 steps at once); now the
  // steps arrive one frame at a time, 20 steps in about 6 s (more under load).
  test.setTimeout(120_000);
  const preset = PRESETS.find((p) => p.id === 's10-mlp')!;
  await choose(page, preset);
  await expect.poll(() => pg(page, 'problem'), { timeout: 60_000 }).toBe('mlp');
  expect(await pg(page, 'path')).toBe('tensor');
  await expect.poll(async () => Math.min(...(await pg(page, 'steps'))), { timeout: 60_000 }).toBeGreaterThan(20);
  const statuses = await pg(page, 'statuses');
  for (const s of statuses) expect(s.status, s.reason).not.toBe('diverged');
  // Loss falls from the first received value.
  const first = await pg(page, 'firstLoss');
  await expect.poll(async () => {
    const last = await pg(page, 'lastLoss');
    return last.every((l, i) => l !== null && first[i] !== null && l < first[i]!);
  }, { timeout: 60_000 }).toBe(true);
  expect(await pg(page, 'slots')).toEqual(preset.views);
  await page.getByTestId('pause').click();
});

test('the S3 sweep preset starts the 270-run sweep with one click and draws its summary; nothing plays', async ({ page }) => {
  const preset = PRESETS.find((p) => p.id === 's3-sweep')!;
  await choose(page, preset);
  await expect.poll(() => pg(page, 'slots')).toEqual(preset.views);
  const view = page.getByTestId('sweep-summary-view');
  await expect(view).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-progress')).toHaveAttribute('data-done', '270');
  await expect(page.getByTestId('sweep-tuned-table')).toBeVisible();
  await expect(page.getByTestId('play-state')).toHaveText('paused');
  expect((await pg(page, 'steps')).every((s) => s === 0)).toBe(true);
});

test('the S13 β-grid preset loads the classifier and fills the 3 × 3 grid cell by cell', async ({ page }) => {
  test.setTimeout(120_000);
  const preset = PRESETS.find((p) => p.id === 's13-beta-grid')!;
  await choose(page, preset);
  await expect.poll(() => pg(page, 'problem'), { timeout: 60_000 }).toBe('classifier');
  await expect.poll(() => pg(page, 'slots')).toEqual(preset.views);
  const grid = page.getByTestId('beta-grid');
  await expect(grid).toHaveAttribute('data-state', 'running');
  // The first cell (β₁ 0.7, β₂ 0.7: 2 000 Adam steps) arrives with finite numbers; then stop the rest.
  const cell = page.getByTestId('beta-cell-0-0');
  await expect(cell).toHaveAttribute('data-final', /\d/, { timeout: 100_000 });
  for (const a of ['data-final', 'data-min', 'data-time']) expect(Number.isFinite(Number(await cell.getAttribute(a)))).toBe(true);
  await expect(page.getByTestId('beta-grid-progress')).toHaveText(/^[1-9] \/ 9 cells$/);
  await page.getByTestId('beta-grid-cancel').click();
  await expect(grid).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('play-state')).toHaveText('paused');
});
