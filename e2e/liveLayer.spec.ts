/**
 * The live layer (app/views/liveLayer.ts) in a real browser: the streaming traces are drawn on a canvas
 * over Plotly's plot area. Checked from the canvas's pixels: each run's curve is drawn in its colour,
 * a legend click hides and shows a run there as it does in Plotly, and the tooltip names the hovered
 * point. The curve views' axes: the planned length on x from the start, a user's zoom kept while runs
 * stream, a double click giving the view its ranges back.
 */
import { expect, test, type Page } from './fixtures';
import { pg, traces, waitLoaded, reloadAfter, fill, viewsDrawn } from './page';

/** Pixels of the canvas `testId` near each colour (within a small RGB distance), opaque ones only. */
function colourCounts(page: Page, testId: string, colours: string[]): Promise<number[]> {
  return page.evaluate(({ id, colours }) => {
    const canvas = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const rgb = colours.map((c) => {
      const probe = document.createElement('canvas').getContext('2d')!;
      probe.fillStyle = c;
      probe.fillRect(0, 0, 1, 1);
      return Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3));
    });
    const counts = colours.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 250) continue;
      rgb.forEach(([r, g, b], k) => {
        if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 30) counts[k]++;
      });
    }
    return counts;
  }, { id: testId, colours });
}

/** The run colours, from the live traces of the loss view (one per run, in order). */
async function runColours(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const gd = document.querySelector('[data-testid="loss-view"] .js-plotly-plot') as unknown as { liveData: { line?: { color: string }; legendgroup?: string }[] };
    const seen = new Map<string, string>();
    for (const t of gd.liveData) if (t.legendgroup && t.line && !seen.has(t.legendgroup)) seen.set(t.legendgroup, t.line.color);
    return [...seen.values()];
  });
}

const ranges = (page: Page, testId: string) => page.evaluate((id) => {
  const gd = document.querySelector(`[data-testid="${id}"] .js-plotly-plot`) as unknown as { _fullLayout: { xaxis: { range: number[] }; yaxis: { range: number[] } } };
  return { x: [...gd._fullLayout.xaxis.range], y: [...gd._fullLayout.yaxis.range] };
}, testId);

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await waitLoaded(page, 3);
});

test('each run is drawn on the canvas in its colour; a legend click hides it there too; the tooltip names the point', async ({ page }) => {
  await page.getByTestId('speed').selectOption('0');
  await page.getByTestId('play').click();
  await expect.poll(() => pg(page, 'done'), { timeout: 30_000 }).toBe(true);
  await viewsDrawn(page);
  const colours = await runColours(page);
  expect(colours).toHaveLength(3);
  expect(new Set(colours).size).toBe(3);

  // The loss view draws the runs in order, so the last one is on top (the first is mostly covered on
  // this problem); the canvas is transparent where nothing is drawn.
  const all = await colourCounts(page, 'loss-view-live', colours);
  expect(all[2]).toBeGreaterThan(100);
  const corner = await page.evaluate(() => {
    const c = document.querySelector('[data-testid="loss-view-live"]') as HTMLCanvasElement;
    return Array.from(c.getContext('2d')!.getImageData(1, 1, 1, 1).data);
  });
  expect(corner[3]).toBe(0);

  // Plotly's legend hides runs 2 and 3: the canvas draws run 1 alone, and more of it (nothing covers it).
  // A horizontal legend's toggle areas overlap their neighbours: click a point whose top-most element is
  // the toggle of trace i (found by scanning the legend row), as a user clicking there would.
  const entry = (i: number) => ({
    click: async () => {
      const at = await page.evaluate((index) => {
        const legend = document.querySelector('[data-testid="loss-view"] .legend')!.getBoundingClientRect();
        const y = legend.top + legend.height / 2;
        const xs: number[] = [];
        for (let x = legend.left; x < legend.right; x += 2) {
          const el = document.elementFromPoint(x, y) as (Element & { parentNode: { __data__?: { trace: { index: number } }[] } }) | null;
          if (el?.classList.contains('legendtoggle') && el.parentNode.__data__?.[0]?.trace.index === index) xs.push(x);
        }
        // The middle of the stretch that is this entry's.
        return xs.length ? { x: xs[Math.floor(xs.length / 2)], y } : null;
      }, i);
      expect(at, `a point on legend entry ${i}`).not.toBeNull();
      await page.mouse.click(at!.x, at!.y);
      // Plotly answers a single click on an entry after its double-click delay (300 ms; later on a busy
      // machine), and two clicks inside it isolate an entry instead.
      await page.waitForTimeout(800);
    },
  });
  await expect(page.getByTestId('loss-view').locator('.legendtext')).toHaveCount(3);
  const visibility = () => page.evaluate(() => (document.querySelector('[data-testid="loss-view"] .js-plotly-plot') as unknown as { _fullData: { visible: boolean | string }[] })._fullData.map((t) => t.visible));
  await entry(1).click();
  await entry(2).click();
  await expect.poll(visibility).toEqual([true, 'legendonly', 'legendonly']);
  await expect.poll(() => colourCounts(page, 'loss-view-live', colours).then(([a, b, c]) => a > Math.max(100, 2 * all[0]) && b === 0 && c === 0)).toBe(true);
  await entry(1).click();
  await entry(2).click();
  await expect.poll(visibility).toEqual([true, true, true]);
  await expect.poll(() => colourCounts(page, 'loss-view-live', colours).then((n) => n[2] > 100 && n[0] < Math.max(100, 2 * all[0]))).toBe(true);

  // The contour's trajectories are on its canvas too.
  const onContour = await colourCounts(page, 'contour-overlay-live', colours);
  expect(onContour.some((n) => n > 20)).toBe(true);

  // Hovering the last run's current point on the contour: a tooltip with its label and coordinates.
  const current = (await traces(page, 'contour-overlay')).find((t) => t.name === 'current')!;
  const at = await page.evaluate(({ x, y }) => {
    const gd = document.querySelector('[data-testid="contour-overlay"]') as unknown as HTMLElement & { _fullLayout: { _size: { l: number; t: number }; xaxis: { c2p(v: number): number }; yaxis: { c2p(v: number): number } } };
    const box = gd.getBoundingClientRect();
    const f = gd._fullLayout;
    return { px: box.left + f._size.l + f.xaxis.c2p(x), py: box.top + f._size.t + f.yaxis.c2p(y) };
  }, { x: current.x[2], y: current.y[2]! });
  await page.mouse.move(at.px - 15, at.py);
  await page.mouse.move(at.px, at.py, { steps: 3 });
  const tip = page.getByTestId('contour-view').locator('.live-tip');
  await expect(tip).toBeVisible();
  const last = (await pg(page, 'steps'))[2];
  await expect(tip).toContainText(`Adam, step ${last} (current)`);
  await page.mouse.move(5, 5);
  await expect(tip).toBeHidden();
});

test('the curve views span the planned length; a zoom stays while the runs stream; a double click gives the ranges back', async ({ page }) => {
  await reloadAfter(page, 3, () => fill(page, 'length', '400'));
  const planned = await page.evaluate(() => {
    const gd = document.querySelector('[data-testid="loss-view"] .js-plotly-plot') as unknown as { _fullLayout: { xaxis: { range: number[] } } };
    return gd._fullLayout.xaxis.range[1];
  });
  // 400 epochs of 25 one-sample steps.
  expect(planned).toBe(10_000);
  await page.getByTestId('speed').selectOption('1000');
  await page.getByTestId('play').click();
  await expect.poll(async () => Math.min(...(await pg(page, 'steps')))).toBeGreaterThan(200);
  expect((await ranges(page, 'loss-view')).x).toEqual([0, 10_000]);

  // A drag across the middle of the loss plot zooms in x and y.
  const box = await page.evaluate(() => {
    const gd = document.querySelector('[data-testid="loss-view"] .js-plotly-plot') as unknown as HTMLElement & { _fullLayout: { _size: { l: number; t: number; w: number; h: number } } };
    const r = gd.getBoundingClientRect();
    const s = gd._fullLayout._size;
    return { x: r.left + s.l, y: r.top + s.t, w: s.w, h: s.h };
  });
  await page.mouse.move(box.x + 0.1 * box.w, box.y + 0.2 * box.h);
  await page.mouse.down();
  await page.mouse.move(box.x + 0.5 * box.w, box.y + 0.8 * box.h, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await ranges(page, 'loss-view')).x[1]).toBeLessThan(6000);
  const zoomed = await ranges(page, 'loss-view');
  expect(zoomed.x[0]).toBeGreaterThan(500);

  // The runs go on; the zoom stays.
  const before = Math.min(...(await pg(page, 'steps')));
  await expect.poll(async () => Math.min(...(await pg(page, 'steps')))).toBeGreaterThan(before + 300);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  expect(await ranges(page, 'loss-view')).toEqual(zoomed);

  // A double click: the planned length again, and a y range that holds every drawn point.
  await page.mouse.dblclick(box.x + 0.5 * box.w, box.y + 0.5 * box.h);
  await expect.poll(async () => (await ranges(page, 'loss-view')).x).toEqual([0, 10_000]);
  await page.getByTestId('pause').click();
  await viewsDrawn(page);
  const y = (await ranges(page, 'loss-view')).y;
  for (const t of (await traces(page, 'loss-view')).filter((t) => t.n > 0 && t.name !== 'hover')) {
    for (const v of t.y) {
      expect(Math.log10(v!)).toBeGreaterThanOrEqual(y[0]);
      expect(Math.log10(v!)).toBeLessThanOrEqual(y[1]);
    }
  }
});
