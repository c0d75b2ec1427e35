/**
 * What the views show travels in the link (docs/links.md, "What the views show"): `views`, `x`,
 * `internals`, `slice`, `sliceAt` open the page on those views, the hash follows the view pickers and
 * toggles (defaults left out), a preset's link reproduces its views, and bad values are reported.
 */
import { expect, test, type Page } from './fixtures';
import { PRESETS_BY_ID, encodeLink } from '../src/index';
import { pg, show, waitLoaded } from './page';

const BASE = 'v=1&problem=rosenbrock&steps=500&r0.opt=sgd&r0.lr=0.001&r1.opt=adam&r1.lr=0.05';

const hash = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash));

async function open(page: Page, link: string, runs: number, problem?: string): Promise<void> {
  await page.goto(`/#${link}`);
  await waitLoaded(page, runs, problem);
}

test('a link opens on its views with the internals on, and the hash follows the views as they change', async ({ page }) => {
  await open(page, `${BASE}&views=params,contour,gap&internals=1&x=epoch`, 2, 'rosenbrock');
  expect(await pg(page, 'slots')).toEqual(['params', 'contour', 'gap']);
  await expect(page.getByTestId('internals')).toBeChecked();
  await expect(page.getByTestId('link-ignored')).toHaveCount(0);
  const historyLength = await page.evaluate(() => history.length);

  await show(page, 2, 'loss');
  await expect.poll(() => hash(page)).toContain('views=params,contour,loss&x=epoch&internals=1');
  await page.getByTestId('internals').uncheck();
  await expect.poll(() => hash(page)).not.toContain('internals');
  // back to the default views: the key is left out
  await show(page, 0, 'contour');
  await show(page, 1, 'loss');
  await show(page, 2, 'stepSize');
  expect(await pg(page, 'slots')).toEqual(['contour', 'loss', 'stepSize']);
  await expect.poll(() => hash(page)).not.toContain('views=');
  expect(await hash(page)).toMatch(/&x=epoch$/);
  expect(await page.evaluate(() => history.length)).toBe(historyLength); // replaceState, no history entries

  // a pasted link applies its views (and takes the internals back on)
  await page.evaluate((h) => { location.hash = h; }, `${BASE}&views=fit,inspector,loss&internals=1`);
  await expect.poll(() => pg(page, 'slots')).toEqual(['fit', 'inspector', 'loss']);
  await expect.poll(() => hash(page)).toContain('views=fit,inspector,loss&internals=1');
  expect(await hash(page)).not.toContain('x=epoch');
});

test('bad view keys are reported by key and value while the rest applies', async ({ page }) => {
  await open(page, `${BASE}&views=params,<b>bogus</b>,gap&x=sideways&slice=0,5`, 2, 'rosenbrock');
  expect(await pg(page, 'slots')).toEqual(['params', 'loss', 'gap']);
  const notice = page.getByTestId('link-ignored');
  await expect(notice).toContainText('views: unknown view "<b>bogus</b>" in slot 2 (known: contour, fit, loss');
  await expect(notice).toContainText('slot 2 shows loss');
  await expect(notice).toContainText('x: unknown x axis "sideways" (known: iteration, epoch); ignored');
  // only the loaded problem tells whether a slice exists: reported once it has loaded, and not written back
  await expect(notice).toContainText('slice: rosenbrock has no slice to choose');
  await expect(page.locator('[data-testid="link-ignored"] b')).toHaveCount(0); // text, never HTML
  await expect.poll(() => hash(page)).toContain('views=params,loss,gap');
  expect(await hash(page)).not.toMatch(/slice|x=/);
});

test('slice and sliceAt open the contour of a 21-parameter problem on the linked pair', async ({ page }) => {
  const preset = PRESETS_BY_ID['s3-polyak-vs-tuned-sgd'];
  const runs = preset.experiment.runs.length;
  await open(page, `${await encodeLink(preset.experiment)}&slice=3,7&sliceAt=run`, runs);
  await expect(page.getByTestId('slice-x')).toHaveValue('3');
  await expect(page.getByTestId('slice-y')).toHaveValue('7');
  await expect(page.getByTestId('slice-at')).toHaveValue('run');
  const titles = () => page.evaluate(() => {
    const l = (document.querySelector('[data-testid="contour-base"]') as unknown as { _fullLayout: { xaxis: { title: { text: string } }; yaxis: { title: { text: string } } } })._fullLayout;
    return [l.xaxis.title.text, l.yaxis.title.text];
  });
  await expect.poll(titles).toEqual(['w4', 'w8']); // the worker drew the linked slice
  await expect.poll(() => hash(page)).toMatch(/&slice=3,7&sliceAt=run$/);

  await open(page, `${await encodeLink(preset.experiment)}&slice=3,40`, runs);
  await expect(page.getByTestId('link-ignored')).toContainText(`slice: parameter 40 is out of range (${preset.experiment.problem} has parameters 0 … 20); ignored`);
  await expect(page.getByTestId('slice-x')).toHaveValue('0');
});

test('a preset\'s link reproduces its views and x axis', async ({ page }) => {
  const preset = PRESETS_BY_ID['s3-polyak-vs-tuned-sgd'];
  expect([preset.views, preset.xAxis]).toEqual([['stepSize', 'loss', 'gradNorm'], 'epoch']);
  await open(page, BASE, 2, 'rosenbrock');
  await page.getByTestId('presets-open').click();
  await page.getByTestId(`preset-${preset.id}`).click();
  await expect.poll(() => pg(page, 'slots')).toEqual(preset.views);
  await expect.poll(() => hash(page)).toContain('&views=stepSize,loss,gradNorm&x=epoch');
  const link = await hash(page);
  await page.goto('about:blank'); // a fresh page opens the link (not a hash change)
  await page.goto(`/${link}`);
  await expect.poll(() => pg(page, 'problem')).toBe(preset.experiment.problem);
  expect(await pg(page, 'slots')).toEqual(preset.views);
});
