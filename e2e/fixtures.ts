/**
 * The guard every browser test runs under: no console error (page or worker), no uncaught page
 * error, and no request off the page's origin (the app must work with the network closed). Specs
 * import `test` and `expect` from here instead of '@playwright/test'; the guard is an automatic
 * fixture, so a test cannot forget it.
 */
import { expect, test as base } from '@playwright/test';

export const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 4319}`;

export interface Guard {
  /** Everything wrong seen so far, as lines ("console.error: …", "off-origin request: …"). */
  problems: string[];
  /** Accepts console errors matching `pattern` for the rest of this test (e.g. a test that kills the worker). */
  allow(pattern: RegExp): void;
}

export const test = base.extend<{ guard: Guard }>({
  guard: [async ({ page, context }, use) => {
    const allowed: RegExp[] = [];
    const problems: string[] = [];
    const report = (line: string) => { if (!allowed.some((p) => p.test(line))) problems.push(line); };
    page.on('console', (m) => { if (m.type() === 'error') report(`console.error: ${m.text()}`); });
    page.on('pageerror', (e) => report(`pageerror: ${e.message}`));
    page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') report(`worker console.error: ${m.text()}`); }));
    context.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== ORIGIN) report(`off-origin request: ${r.url()}`);
    });
    await use({ problems, allow: (p) => allowed.push(p) });
    expect(problems, 'console errors, page errors or off-origin requests').toEqual([]);
  }, { auto: true }],
});

export { expect };
export type { Page, TestInfo, Locator } from '@playwright/test';
