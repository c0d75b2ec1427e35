/**
 * Offline: after one visit the service worker (public/sw.js) has cached the page, its assets and the
 * Web Worker, so a reload with the network cut still opens the app and trains. Also: the manifest
 * that makes it installable.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures';

/** Every file of the build under test (E2E_DIST, as playwright.config.ts serves it). */
const BUILT_ASSETS = readdirSync(fileURLToPath(new URL(`../${process.env.E2E_DIST ?? 'dist'}/assets/`, import.meta.url))).map((f) => `/assets/${f}`).sort();

const steps = (page: Page) => page.evaluate(() => window.__playground!.steps);

async function waitLoaded(page: Page, runs: number): Promise<void> {
  await expect.poll(async () => (await steps(page)).length, { timeout: 20_000 }).toBe(runs);
  await expect(page.getByTestId('play-state')).toHaveText('paused');
}

test('after one visit the app reloads and trains with the network cut', async ({ page, context }) => {
  await page.goto('/');
  await waitLoaded(page, 3);
  // the service worker is active and controls the page
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toMatch(/\/sw\.js$/);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  // everything this page loaded (scripts, styles, the worker) is in the cache, and the page itself
  await expect.poll(() => page.evaluate(async () => {
    const cache = await caches.open('playground-v1');
    const cached = new Set((await cache.keys()).map((r) => r.url));
    const loaded = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.startsWith(location.origin) && !u.includes('?'));
    const missing = [`${location.origin}/`, ...loaded].filter((u) => !cached.has(u));
    return { loaded: loaded.length, missing };
  }), { timeout: 20_000 }).toEqual({ loaded: expect.any(Number), missing: [] });
  const assets = await page.evaluate(async () => (await (await caches.open('playground-v1')).keys()).map((r) => new URL(r.url).pathname));
  expect(assets.filter((p) => /^\/assets\/.*\.js$/.test(p)).length).toBeGreaterThanOrEqual(2); // the page's bundle and the worker's
  // and every file of the build, found by following references (TF.js chunks and wasm for the neural models)
  await expect.poll(async () => (await page.evaluate(async () => (await (await caches.open('playground-v1')).keys()).map((r) => new URL(r.url).pathname)))
    .filter((p) => p.startsWith('/assets/')).sort(), { timeout: 20_000 }).toEqual(BUILT_ASSETS);

  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  const served: string[] = [];
  page.on('response', (r) => { if (!r.fromServiceWorker()) served.push(r.url()); });
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true); // the page came from the service worker's cache
  await waitLoaded(page, 3);
  await expect(page.getByTestId('slot-0').locator('.js-plotly-plot').first()).toBeVisible();
  const count = page.getByTestId('step-count');
  await count.fill('25');
  await count.press('Enter');
  await page.getByTestId('step').click();
  await expect.poll(() => steps(page)).toEqual([25, 25, 25]);
  const loss = await page.evaluate(() => window.__playground!.lastLoss);
  expect(loss.every((v) => v !== null && Number.isFinite(v))).toBe(true);
  await page.getByTestId('play').click();
  await expect.poll(async () => (await steps(page))[0], { timeout: 10_000 }).toBeGreaterThan(60);
  await page.getByTestId('pause').click();
  // nothing was answered by the network while offline
  expect(served.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  await context.setOffline(false);
});

test('the manifest is linked, same-origin and installable; the CSP stays strict', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ name: 'Optimizer playground', start_url: '/', display: 'standalone' });
  expect(manifest.icons.length).toBeGreaterThan(0);
  expect((await request.get(manifest.icons[0].src)).ok()).toBe(true);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).not.toMatch(/unsafe-eval/);
  expect(csp).toMatch(/script-src 'self';/);
  expect(csp).toMatch(/manifest-src 'self'/);
});
