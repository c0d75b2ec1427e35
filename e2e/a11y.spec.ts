/**
 * Accessibility (issue 7): axe-core reports no serious or critical violation on the main page with the
 * default experiment, with a neural model loaded, and with the presets gallery open; and every control
 * is reachable with the keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';

async function loaded(page: Page, runs: number): Promise<void> {
  await expect.poll(() => page.evaluate(() => window.__playground?.statuses.length ?? 0), { timeout: 30_000 }).toBe(runs);
  await expect(page.getByTestId('play-state')).toHaveText('paused', { timeout: 30_000 });
}

/** Serious and critical violations, one line each with the offending nodes (what the assertion prints). */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) builder = builder.include(include);
  const { violations, passes } = await builder.analyze();
  expect(passes.length).toBeGreaterThan(10); // axe did run over real content
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the main page with the default experiment, after some steps', async ({ page }) => {
  await page.goto('/');
  await loaded(page, 3);
  await page.getByTestId('step-count').fill('20');
  await page.getByTestId('step-count').press('Enter');
  await page.getByTestId('step').click();
  await expect.poll(() => page.evaluate(() => window.__playground!.steps[0])).toBe(20);
  expect(await seriousViolations(page)).toEqual([]);
});

test('with a neural model (the 7-point MLP) loaded', async ({ page }) => {
  await page.goto('/#v=1&problem=mlp&steps=200&r0.opt=adam&r0.lr=0.01');
  await loaded(page, 1);
  await page.getByTestId('step').click();
  await expect.poll(() => page.evaluate(() => window.__playground!.steps[0]), { timeout: 30_000 }).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
});

test('with the presets gallery open', async ({ page }) => {
  await page.goto('/');
  await loaded(page, 3);
  await page.getByTestId('presets-open').click();
  await expect(page.getByTestId('presets-panel')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('every control is reachable with Tab, and the presets dialog opens and closes by keyboard', async ({ page }) => {
  await page.goto('/');
  await loaded(page, 3);
  // Every enabled, visible control of the page.
  const controls = await page.evaluate(() => {
    const all = document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])');
    return Array.from(all)
      .filter((e) => !(e as HTMLButtonElement).disabled && e.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) && e.tabIndex >= 0)
      .map((e, i) => { e.dataset.a11yIndex = String(i); return i; }).length;
  });
  expect(controls).toBeGreaterThan(20);
  await page.locator('body').focus();
  const reached = new Set<string>();
  for (let k = 0; k < controls * 3 + 20 && reached.size < controls; k++) {
    await page.keyboard.press('Tab');
    const idx = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.a11yIndex ?? null);
    if (idx !== null) reached.add(idx);
  }
  const missing = await page.evaluate((got) => Array.from(document.querySelectorAll<HTMLElement>('[data-a11y-index]'))
    .filter((e) => !got.includes(e.dataset.a11yIndex!))
    .map((e) => e.dataset.testid ?? e.getAttribute('aria-label') ?? e.outerHTML.slice(0, 80)), [...reached]);
  expect(missing).toEqual([]);

  // Keyboard only: open the presets, Escape closes them and focus returns to the opener.
  await page.getByTestId('presets-open').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('presets-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('presets-panel')).toHaveCount(0);
  await expect(page.getByTestId('presets-open')).toBeFocused();
  // Play and pause from the keyboard.
  await page.getByTestId('play').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('play-state')).toHaveText('playing');
  await page.getByTestId('pause').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-state')).toHaveText('paused');
});
