/**
 * Bring your own data in a real browser: CSV pasted or opened as a file becomes the problem's points
 * (its link carries them), a bad row is named and nothing is lost, and "Generated data" goes back.
 */
import { expect, test } from './fixtures';
import { pg, playUntilDone, reloadAfter, waitLoaded } from './page';

const START = '/#v=1&problem=linear-regression&data=linear-1d&n=50&noise=0.5&steps=3000&r0.opt=sgd&r0.label=GD&r0.lr=0.5';

/** y = 2x + 1 at x = 0, 0.05, …, 0.95: GD must recover slope 2 and intercept 1. */
const LINE = ['x,y', ...Array.from({ length: 20 }, (_, i) => `${i / 20},${2 * (i / 20) + 1}`)].join('\n');

test.beforeEach(async ({ page }) => {
  await page.goto(START);
  await waitLoaded(page, 1, 'linear-regression');
  await page.getByTestId('data-import').locator('summary').click();
});

test('pasted CSV: a bad row is named and nothing changes; good points train and travel in the link', async ({ page }) => {
  const gen = await pg(page, 'gen');
  const hash = await page.evaluate(() => location.hash);
  await page.getByTestId('csv-text').fill('x,y\n0.1,1.2\n0.2,abc\n0.3');
  await page.getByTestId('csv-use').click();
  const errors = page.getByTestId('csv-errors');
  await expect(errors).toContainText('row 3, column 2: "abc" is not a number');
  await expect(errors).toContainText('row 4: expected 2 columns, found 1');
  expect(await pg(page, 'gen')).toBe(gen); // not reloaded
  expect(await page.evaluate(() => location.hash)).toBe(hash);

  await reloadAfter(page, 1, async () => {
    await page.getByTestId('csv-text').fill(LINE);
    await page.getByTestId('csv-use').click();
  });
  await expect(errors).toHaveCount(0);
  await expect(page.getByTestId('data-points')).toContainText('20 points in use');
  await expect(page.getByTestId('data-n')).toHaveCount(0); // generator sliders give way to the user's data
  await playUntilDone(page, 60_000);
  expect((await pg(page, 'lastLoss'))[0]!).toBeLessThan(1e-12);
  expect(((await pg(page, 'lastParams'))[0]!).map((v) => Number(v.toFixed(6))).sort()).toEqual([1, 2]);

  // The link carries the points (in the compressed payload `z`): a fresh page on it has the same data.
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/&z=[\w-]+/);
  const link = await page.evaluate(() => location.href);
  await page.goto('about:blank');
  await page.goto(link);
  await waitLoaded(page, 1, 'linear-regression');
  await expect(page.getByTestId('data-points')).toContainText('20 points in use');

  await reloadAfter(page, 1, () => page.getByTestId('csv-generated').click());
  await expect(page.getByTestId('data-points')).toHaveCount(0);
  await expect(page.getByTestId('data-n')).toBeVisible();
});

test('an opened .csv file (semicolons, decimal points) is used; an empty file is refused by name', async ({ page }) => {
  await reloadAfter(page, 1, () => page.getByTestId('csv-file').setInputFiles({
    name: 'line.csv', mimeType: 'text/csv', buffer: Buffer.from(LINE.replace(/,/g, ';')),
  }));
  await expect(page.getByTestId('data-points')).toContainText('20 points in use');
  const gen = await pg(page, 'gen');
  await page.getByTestId('csv-file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await expect(page.getByTestId('csv-errors')).toBeVisible();
  expect(await pg(page, 'gen')).toBe(gen);
  await expect(page.getByTestId('data-points')).toContainText('20 points in use');
});
