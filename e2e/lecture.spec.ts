/**
 * Lecture mode and embedding: link flags (lecture, embed, hide), large type, one view full-screen,
 * keyboard control (space, →, r, 1–9, Esc), and the same keys in normal mode outside text fields.
 */
import { expect, test, type Page } from './fixtures';

const BASE = 'v=1&problem=rosenbrock&steps=500&r0.opt=sgd&r0.lr=0.001&r1.opt=adam&r1.lr=0.05';

const steps = (page: Page) => page.evaluate(() => window.__playground!.steps);
const playing = (page: Page) => page.evaluate(() => window.__playground!.playing);

async function open(page: Page, flags: string): Promise<void> {
  await page.goto(`/#${BASE}${flags ? `&${flags}` : ''}`);
  await expect.poll(() => steps(page)).toEqual([0, 0]);
  await expect.poll(() => page.evaluate(() => window.__playground!.problem)).toBe('rosenbrock');
}

test('lecture=1&hide=runs: large type, high contrast, one view, hidden runs, keyboard control, Esc leaves', async ({ page }) => {
  await open(page, 'lecture=1&hide=runs');
  const app = page.getByTestId('app');
  await expect(app).toHaveClass(/\blecture\b/);
  await expect(page.getByTestId('lecture-bar')).toBeVisible();
  await expect(page.getByTestId('run-row-0')).toHaveCount(0); // hidden by the link
  await expect(page.getByTestId('play')).toBeVisible(); // the rest of the controls stay
  await expect(page.getByTestId('slot-0')).toBeVisible();
  await expect(page.getByTestId('slot-1')).toBeHidden();
  await expect(page.getByTestId('slot-2')).toBeHidden();
  const look = await app.evaluate((el) => ({ size: getComputedStyle(el).fontSize, color: getComputedStyle(el).color, bg: getComputedStyle(el).backgroundColor }));
  expect(look).toEqual({ size: '20px', color: 'rgb(0, 0, 0)', bg: 'rgb(255, 255, 255)' });
  // the one view fills most of the window
  const box = (await page.getByTestId('slot-0').boundingBox())!;
  expect(box.height).toBeGreaterThan(550);
  expect(box.width).toBeGreaterThan(700);
  await expect(page.getByTestId('link-notice')).toHaveCount(0); // the flags are not "unknown keys"
  // The plots' own type (ticks, axis titles) is scaled too: 11 px × 1.6.
  const plotFont = () => page.evaluate(() => (document.querySelector('[data-testid="slot-0"] .js-plotly-plot') as unknown as { _fullLayout?: { font: { size: number } } } | null)?._fullLayout?.font.size);
  await expect.poll(plotFont).toBe(18);

  await page.keyboard.press('ArrowRight');
  await expect.poll(() => steps(page)).toEqual([1, 1]);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => steps(page)).toEqual([2, 2]);
  await expect(page.getByTestId('lecture-step')).toHaveText('2');
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(true);
  await expect(page.getByTestId('lecture-state')).toHaveText('▶ playing');
  await expect.poll(async () => (await steps(page))[0]).toBeGreaterThan(10);
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(false);
  await page.keyboard.press('r');
  await expect.poll(() => steps(page)).toEqual([0, 0]);
  // a button clicked with the mouse keeps focus; in lecture mode space is still play/pause, not that button
  await page.getByTestId('step').click();
  await expect.poll(() => steps(page)).toEqual([1, 1]);
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(true);
  await expect.poll(async () => (await steps(page))[0]).toBeGreaterThan(1); // it plays (not one Step press)
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(false);
  // A frame already in flight may still land; then nothing moves (the Step button was not pressed by the space key).
  await expect.poll(async () => {
    const before = JSON.stringify(await steps(page));
    await page.waitForTimeout(300);
    return JSON.stringify(await steps(page)) === before;
  }).toBe(true);
  await page.keyboard.press('r');
  await expect.poll(() => steps(page)).toEqual([0, 0]);

  // 1–9: view n full-screen (in the order of the view list: 3 is the loss, 1 the contour)
  await page.keyboard.press('3');
  await expect(page.getByTestId('slot-0')).toHaveAttribute('data-view', 'loss');
  await expect(page.getByTestId('slot-0').locator('.js-plotly-plot').first()).toBeVisible();
  await page.keyboard.press('1');
  await expect(page.getByTestId('slot-0')).toHaveAttribute('data-view', 'contour');

  await page.keyboard.press('Escape');
  await expect(app).not.toHaveClass(/\blecture\b/);
  await expect.poll(plotFont).toBe(11);
  await expect(page.getByTestId('slot-1')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('lecture=1');
  expect(await page.evaluate(() => location.hash)).toContain('hide=runs');
});

test('the flags stay in the link when the experiment changes, and the lecture button turns it on', async ({ page }) => {
  await open(page, '');
  await expect(page.getByTestId('app')).not.toHaveClass(/\blecture\b/);
  await page.getByTestId('lecture-on').click();
  await expect(page.getByTestId('app')).toHaveClass(/\blecture\b/);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('lecture=1');
  const lr = page.getByTestId('hyper-0-lr');
  await lr.fill('0.002');
  await lr.press('Enter');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('r0.lr=0.002');
  expect(await page.evaluate(() => location.hash)).toMatch(/&lecture=1$/);
  // a reload keeps lecture mode and the edited experiment
  await page.reload();
  await expect(page.getByTestId('app')).toHaveClass(/\blecture\b/);
  await expect(page.getByTestId('hyper-0-lr')).toHaveValue('0.002');
});

test('embed=1 shows the views only; bad flag values are reported by key', async ({ page }) => {
  await open(page, 'embed=1');
  await expect(page.getByTestId('app')).toHaveClass(/\bembed\b/);
  await expect(page.locator('aside.controls')).toHaveCount(0);
  await expect(page.getByTestId('slot-0-view')).toBeHidden(); // no view picker
  await expect(page.getByTestId('slot-1')).toBeHidden();
  await expect(page.getByTestId('slot-0')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => steps(page)).toEqual([1, 1]);

  await open(page, 'lecture=maybe&hide=runs,<b>x</b>,export');
  await expect(page.getByTestId('app')).not.toHaveClass(/\blecture\b/);
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  await expect(page.getByTestId('run-row-0')).toHaveCount(0);
  const notice = page.getByTestId('link-ignored');
  await expect(notice).toContainText('lecture: must be true or false, got "maybe"; ignored');
  await expect(notice).toContainText('hide: unknown part "<b>x</b>"');
  await expect(page.locator('[data-testid="link-ignored"] b')).toHaveCount(0); // text, never HTML
});

test('normal mode: space, → and r work unless focus is in a text field; digits do nothing', async ({ page }) => {
  await open(page, '');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => steps(page)).toEqual([1, 1]);
  await page.keyboard.press('2');
  await expect(page.getByTestId('slot-0')).toHaveAttribute('data-view', 'contour');
  await expect(page.getByTestId('slot-1')).toBeVisible();

  const count = page.getByTestId('step-count');
  await count.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('r');
  await page.keyboard.press(' ');
  await page.waitForTimeout(300);
  expect(await steps(page)).toEqual([1, 1]); // typed into the field, not commands
  expect(await playing(page)).toBe(false);

  // a slider keeps its arrow keys, a focused button its space key
  const slider = page.getByTestId('hyper-0-lr-slider');
  const before = await slider.inputValue();
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(slider).not.toHaveValue(before);
  await page.getByTestId('step').focus();
  await page.keyboard.press(' '); // activates the Step button: one step, no play
  await expect.poll(() => steps(page)).toEqual([2, 2]);
  expect(await playing(page)).toBe(false);

  await count.blur();
  await page.getByTestId('step').blur();
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(true);
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(false);
  await page.keyboard.press('r');
  await expect.poll(() => steps(page)).toEqual([0, 0]);
});
