/** The guard of fixtures.ts must fail a test that logs an error or reaches off the origin. */
import { expect, test } from './fixtures';

test('a console error fails the test', async ({ page }) => {
  test.fail();
  await page.goto('/');
  await page.evaluate(() => console.error('deliberate'));
});

test('an off-origin fetch fails the test (the CSP blocks and logs it, or the guard sees it leave)', async ({ page }) => {
  test.fail();
  await page.goto('/');
  await page.evaluate(() => fetch('http://example.invalid/x').catch(() => undefined));
});

test('an allowed console error passes, and the guard lists what it saw', async ({ page, guard }) => {
  guard.allow(/deliberate/);
  await page.goto('/');
  await page.evaluate(() => console.error('deliberate'));
  expect(guard.problems).toEqual([]);
});
