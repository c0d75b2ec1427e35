/**
 * Reliability in a real browser (issue 7): the worker crashing mid-run, a million-step soak with the
 * heap measured before and after, and a hidden tab that stops drawing but not training.
 * Values come from `window.__playground` (read-only getters; `killWorker` is its one fault injection).
 */
import { expect, test, type Page } from './fixtures';

interface Snap { gen: number; playing: boolean; points: number[]; steps: number[]; statuses: { step: number; status: string }[] }

function snap(page: Page): Promise<Snap> {
  return page.evaluate(() => {
    const p = window.__playground!;
    return { gen: p.gen, playing: p.playing, points: p.points, steps: p.steps, statuses: p.statuses };
  });
}

async function open(page: Page, hash: string, runs: number): Promise<void> {
  await page.goto(`/#${hash}`);
  await expect.poll(async () => (await snap(page)).statuses.length).toBe(runs);
  await expect(page.getByTestId('play-state')).toHaveText('paused');
}

/** Steps equal across reads 250 ms apart: nothing is moving. */
async function waitStill(page: Page): Promise<number[]> {
  let previous = '';
  await expect.poll(async () => {
    const now = JSON.stringify((await snap(page)).steps);
    const still = now === previous;
    previous = now;
    if (!still) await page.waitForTimeout(250);
    return still;
  }, { timeout: 10_000 }).toBe(true);
  return JSON.parse(previous) as number[];
}

/** The step of the received point nearest to `step` (record=all: every step is received). */
function nearestStep(page: Page, run: number, step: number): Promise<number | null> {
  return page.evaluate(([r, s]) => window.__playground!.nearest(r, s)?.step ?? null, [run, step] as const);
}

const RACE = 'v=1&problem=rosenbrock&steps=200000&record=all&r0.opt=sgd&r0.lr=0.001&r1.opt=adam&r1.lr=0.01';

test.describe('worker crash', () => {
  test('an uncaught error kills the worker mid-run: the page says so, restarts it and resumes from the last received step', async ({ page, guard }) => {
    guard.allow(/injected crash/);
    await open(page, RACE, 2);
    await page.getByTestId('play').click();
    await expect.poll(async () => (await snap(page)).steps[0], { timeout: 15_000 }).toBeGreaterThan(200);
    const before = await snap(page);
    const workers = page.workers();
    expect(workers.length).toBeGreaterThanOrEqual(1);
    // The fault: an exception nobody catches, thrown inside the worker's own event loop.
    await Promise.all(workers.map((w) => w.evaluate(() => void setTimeout(() => { throw new Error('injected crash'); }, 0))));

    const notice = page.getByTestId('worker-recovery');
    await expect(notice).toContainText(/worker stopped unexpectedly \(.*injected crash.*\); a new one was started and the runs resumed from step \d+/);
    await expect(notice).toContainText('Optimizer state (momentum, Adam\'s moments) restarts');
    const k = Number(/resumed from step (\d+)/.exec((await notice.textContent()) ?? '')![1]);
    expect(k).toBeGreaterThanOrEqual(before.steps[0]);

    const after = await snap(page);
    expect(after.gen).toBe(before.gen + 1); // one new load, into the new worker
    // Training goes on, playing, past the resume point; the history before the crash is kept.
    await expect.poll(async () => (await snap(page)).steps[0], { timeout: 15_000 }).toBeGreaterThan(k + 200);
    const later = await snap(page);
    expect(later.playing).toBe(true);
    expect(later.statuses.map((s) => s.status)).toEqual(['ok', 'ok']);
    expect(later.points[0]).toBeGreaterThan(k); // steps 0..k from the old worker plus the new ones
    for (const s of [1, Math.floor(k / 2), k, k + 1, k + 100]) expect(await nearestStep(page, 0, s)).toBe(s);
    await expect(page.getByTestId('errors')).toHaveCount(0);
    await expect(page.getByTestId('play-state')).toHaveText('playing');
  });

  test('a worker killed while paused comes back paused at the same step; four crashes in a minute stop the retries', async ({ page }) => {
    await open(page, RACE, 2);
    await page.getByTestId('play').click();
    await expect.poll(async () => (await snap(page)).steps[0], { timeout: 15_000 }).toBeGreaterThan(50);
    await page.getByTestId('pause').click();
    const [s0, s1] = await waitStill(page);
    const gen = (await snap(page)).gen;

    await page.evaluate(() => window.__playground!.killWorker()); // terminate(): no error event at all
    await expect(page.getByTestId('worker-recovery')).toContainText(`resumed from step ${s0}`);
    await expect(page.getByTestId('play-state')).toHaveText('paused');
    await expect.poll(async () => (await snap(page)).gen).toBe(gen + 1);
    expect((await snap(page)).steps).toEqual([s0, s1]);
    await page.getByTestId('step').click();
    await expect.poll(async () => (await snap(page)).steps).toEqual([s0 + 1, s1 + 1]);

    // Crashes 2 and 3 are recovered too; the 4th within a minute is reported instead of retried forever.
    for (let i = 0; i < 2; i++) {
      await page.evaluate(() => window.__playground!.killWorker());
      await expect(page.getByTestId('worker-recovery')).toBeVisible();
    }
    await page.evaluate(() => window.__playground!.killWorker());
    await expect(page.getByTestId('errors')).toContainText(/crashed 4 times in a minute.*reload the page/);
    await expect(page.getByTestId('play-state')).toHaveText('error');
  });
});
