/**
 * The S3 sweep summary in a real browser: the full 270-run sweep on the float64 engine in the worker,
 * progress to the total, the summary plots' points (read from Plotly's `gd.data`), the tuned-lr table,
 * and cancelling (the Cancel button, and a reset which starts a new generation).
 */
import { expect, test, type Page } from './fixtures';


test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('play-state')).toHaveText('paused');
  await page.getByTestId('slot-0-view').selectOption('sweepSummary');
  await expect(page.getByTestId('sweep-summary-view')).toHaveAttribute('data-state', 'idle');
});

interface Line { name: string; visible: boolean; n: number; finite: number; positive: number }

/** Every trace of the plot `testId`: its name, whether it is shown, and how many of its y are finite and > 0. */
function lines(page: Page, testId: string): Promise<Line[]> {
  return page.evaluate((id) => {
    const gd = document.querySelector(`[data-testid="${id}"]`) as (HTMLElement & { data?: { name?: string; visible?: unknown; y?: ArrayLike<number | null> }[] }) | null;
    return (gd?.data ?? []).map((t) => {
      const y = Array.from(t.y ?? []);
      return {
        name: t.name ?? '',
        visible: t.visible === undefined || t.visible === true,
        n: y.length,
        finite: y.filter((v) => v !== null && Number.isFinite(v)).length,
        positive: y.filter((v) => v !== null && Number.isFinite(v) && (v as number) > 0).length,
      };
    });
  }, testId);
}

const progress = async (page: Page) => Number(await page.getByTestId('sweep-progress').getAttribute('data-done'));

test('the full S3 sweep (270 runs) streams progress to 270 and draws the summary', async ({ page }) => {
  await expect(page.getByTestId('sweep-progress')).toHaveAttribute('data-total', '270');
  const t0 = Date.now();
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-summary-view')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const wallMs = Date.now() - t0;
  const workerMs = Number(await page.getByTestId('sweep-status').getAttribute('data-time-ms'));
  console.log(`S3 sweep in the browser: 270 runs in ${workerMs} ms in the worker (${wallMs} ms from click to drawn, as Playwright saw it)`);
  expect(await progress(page)).toBe(270);
  await expect(page.getByTestId('sweep-progress')).toContainText('270 / 270');

  // Final loss vs batch size: 3 σ panels × 3 lines (tuned SGD, Polyak, Polyak-Adam) × 5 batch sizes,
  // every point finite and > 0 (log y); the four fixed-lr SGD lines are in the legend only.
  await expect.poll(async () => (await lines(page, 'sweep-batch-plot')).filter((l) => l.visible).length).toBe(9);
  const batch = (await lines(page, 'sweep-batch-plot')).filter((l) => l.visible);
  expect([...new Set(batch.map((l) => l.name))]).toEqual(['SGD (tuned)', 'Polyak', 'Polyak-Adam']);
  for (const l of batch) expect(l).toMatchObject({ n: 5, finite: 5, positive: 5 });
  expect(batch.reduce((a, l) => a + l.positive, 0)).toBe(45);
  const hidden = (await lines(page, 'sweep-batch-plot')).filter((l) => !l.visible);
  expect(hidden.length).toBe(3 * 4);

  // Final loss vs σ: 3 optimizer panels × 5 batch-size lines × 3 σ.
  await expect.poll(async () => (await lines(page, 'sweep-noise-plot')).length).toBe(15);
  for (const l of await lines(page, 'sweep-noise-plot')) expect(l).toMatchObject({ n: 3, finite: 3, positive: 3 });

  // The tuned-lr table: 3 σ × 5 batch sizes, one lr from the grid per seed.
  const table = page.getByTestId('sweep-tuned-table');
  await expect(table.locator('tbody tr')).toHaveCount(15);
  const lrs = await table.locator('td[data-lr]').evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.lr));
  expect(lrs.length).toBe(45);
  for (const lr of lrs) expect(['0.001', '0.01', '0.1', '1']).toContain(lr);
  await expect(page.getByTestId('sweep-polyak-full')).toContainText('σ 5:');
});

test('Cancel stops a running sweep; a reset (new generation) cancels one too', async ({ page }) => {
  const state = page.getByTestId('sweep-summary-view');
  await page.getByTestId('sweep-run').click();
  await page.getByTestId('sweep-cancel').click();
  await expect(state).toHaveAttribute('data-state', 'cancelled');
  const at = await progress(page);
  expect(at).toBeLessThan(270);
  await page.waitForTimeout(1500);
  expect(await progress(page)).toBe(at); // nothing more arrived

  await page.getByTestId('sweep-run').click();
  await expect(state).toHaveAttribute('data-state', 'running');
  await page.getByTestId('reset').click();
  await expect(state).toHaveAttribute('data-state', 'cancelled');
  const after = await progress(page);
  expect(after).toBeLessThan(270);
  await page.waitForTimeout(1500);
  expect(await progress(page)).toBe(after);

  // And it runs again afterwards, to the end.
  await page.getByTestId('sweep-run').click();
  await expect(state).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(await progress(page)).toBe(270);
});
