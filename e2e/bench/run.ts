/**
 * `npm run bench`: builds the bench page (e2e/bench → dist-bench) and the app (→ dist-bench-app),
 * serves both with `vite preview` on their own ports, drives Debian's headless Chromium with WebGPU
 * on, measures B1–B6, prints a table and writes bench-results.json. Not part of `npm test`.
 *
 *   npm run bench                      every row
 *   npm run bench -- --only B1,B5      some rows (the scaling rows of B1/B2/B4 come with their row)
 *   npm run bench -- --no-build        reuse dist-bench and dist-bench-app
 *   npm run bench -- --head            build the app from the last commit (git archive HEAD into a
 *                                      temporary folder), not from a working tree that is mid-edit
 *
 * Method (docs/performance.md): every ratio compares two things timed in the same page, alternately
 * (A, B, A, B, …), and reports the median of the per-pair ratios; absolute values are medians too.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { encodeLink } from '../../src/link/index';
import type { Experiment } from '../../src/experiment/types';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BENCH_PORT = 4392;
const APP_PORT = 4391;
const VITE = `${ROOT}/node_modules/vite/bin/vite.js`;
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'];

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? new Set(argv[argv.indexOf('--only') + 1].split(',').map((s) => s.trim().toUpperCase())) : null;
const want = (id: string) => !only || only.has(id);
const build = !argv.includes('--no-build');
const fromHead = argv.includes('--head');

export interface Row {
  id: string;
  workload: string;
  measure: string;
  value: string;
  ratio: number | null;
  target: string;
  pass: boolean | null;
}

/** tsx (esbuild, keepNames) wraps named inner functions in `__name(...)`; functions sent to the page need it defined there. */
const NAME_SHIM = { content: 'globalThis.__name = globalThis.__name || ((f) => f);' };

const rows: Row[] = [];
const details: Record<string, unknown> = {};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(digits)) : String(x));
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

function serve(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [VITE, 'preview', '--port', String(port), '--strictPort', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite preview on ${port} did not start`)), 60_000);
    const check = async () => {
      try {
        const r = await fetch(`http://localhost:${port}/`);
        if (r.ok) {
          clearTimeout(timer);
          resolve(child);
          return;
        }
      } catch {
        // not up yet
      }
      setTimeout(check, 250);
    };
    child.on('exit', (code) => reject(new Error(`vite preview on ${port} exited with ${code}`)));
    void check();
  });
}

// ------------------------------------------------------------------------------------------------
// Bench page rows: B1, B1b, B2, B4, B6.

async function benchPage(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  await page.addInitScript(NAME_SHIM);
  page.on('console', (m) => { if (m.type() === 'error') log(`page console.error: ${m.text()}`); });
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => log(`worker: ${m.text()}`)));
  await page.goto(`http://localhost:${BENCH_PORT}/`);
  await page.waitForFunction(() => document.body.dataset.ready === '1');
  const call = <T>(fn: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(([f, a]) => (window.__bench as Record<string, (...x: unknown[]) => Promise<unknown>>)[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

  type B1 = { d: number; steps: number; engineStepsPerSec: number; plainStepsPerSec: number; runnerDirectStepsPerSec: number; ratio: number; loadMs: number };
  if (want('B1')) {
    for (const d of [20, 2, 200]) {
      log(`B1 d=${d}`);
      const r = await call<B1>('b1', d, d === 200 ? 5 : 9);
      details[`B1 d=${d}`] = r;
      rows.push({
        id: d === 20 ? 'B1' : `B1 (d=${d})`,
        workload: `S3 data N 1000, d ${d}, batch 16, Adam, 20 epochs (${r.steps} steps), record all, app worker`,
        measure: 'engine steps/s ÷ plain Float64Array loop steps/s',
        value: `${fmt(r.engineStepsPerSec)} vs ${fmt(r.plainStepsPerSec)} steps/s (runner alone ${fmt(r.runnerDirectStepsPerSec)})`,
        ratio: r.ratio,
        target: d === 20 ? '≥ 0.5' : '(scaling)',
        pass: d === 20 ? r.ratio >= 0.5 : null,
      });
    }
  }
  if (want('B1B')) {
    log('B1b');
    const r = await call<{ backends: { backend: string; stepsPerSec: number }[]; best: string | null; engineStepsPerSec: number; tfStepsPerSec: number; ratio: number }>('b1b', 20);
    details.B1b = r;
    rows.push({
      id: 'B1b', workload: 'B1 workload (d 20), same trace (batch loss, full loss, θ per step)',
      measure: 'engine steps/s ÷ stock tf.train.adam().minimize steps/s, best backend, side by side',
      value: `${fmt(r.engineStepsPerSec)} vs ${r.best ?? 'no backend'} ${fmt(r.tfStepsPerSec)} steps/s (7 pairs; alone: ${r.backends.map((t) => `${t.backend} ${fmt(t.stepsPerSec)}`).join(', ')})`,
      ratio: r.ratio, target: '≥ 50', pass: r.ratio >= 50,
    });
  }
  if (want('B2')) {
    for (const runs of [270, 27, 2700]) {
      log(`B2 runs=${runs}`);
      const r = await call<{ runs: number; cells: number; wallMs: number; computeMs: number; plainMs: number; ratio: number }>('b2', runs, runs === 2700 ? 1 : 3);
      details[`B2 runs=${runs}`] = r;
      rows.push({
        id: runs === 270 ? 'B2' : `B2 (${runs} runs)`,
        workload: `S3 sweep${runs === 270 ? '' : ' scaled'}: ${r.cells} runs, 20 epochs each, app worker (floatSweep)`,
        measure: 'sweep wall time ÷ sum of plain-loop times of the same runs',
        value: `${fmt(r.wallMs / 1000)} s vs ${fmt(r.plainMs / 1000)} s`,
        ratio: r.ratio,
        target: runs === 270 ? '≤ 1.5 (and a few seconds)' : '(scaling)',
        pass: runs === 270 ? r.ratio <= 1.5 && r.wallMs < 5000 : null,
      });
    }
  }
  if (want('B4')) {
    // SwiftShader WebGPU takes ~10 s per default-size step here (and ~50 s for the first, compiling
    // shaders), so on webgpu a short window is timed; the 200-step run (numTensors at step 10 and
    // 200, and a second ratio) is on wasm, the fastest backend here that runs both models.
    const DEFAULT = { n_embd: 64, n_head: 4, n_layer: 2, block_size: 64 };
    const SMALL = { n_embd: 32, n_head: 2, n_layer: 1, block_size: 32 };
    const plans = [
      { id: 'B4', label: 'default', size: DEFAULT, backend: 'webgpu', steps: Number(process.env.BENCH_B4_GPU_STEPS ?? 6), from: 2 },
      { id: 'B4 (wasm)', label: 'default', size: DEFAULT, backend: 'wasm', steps: 200, from: 10 },
      { id: 'B4 (S5 preset)', label: 'S5 preset', size: SMALL, backend: 'webgpu', steps: 10, from: 2 },
      { id: 'B4 (S5 preset, wasm)', label: 'S5 preset', size: SMALL, backend: 'wasm', steps: 200, from: 10 },
    ];
    type T = {
      ratio: number; playgroundTokensPerSec: number; stockTokensPerSec: number; params: number; backend: { name: string } | null;
      playground: { tensorsAt10: number; tensorsAtEnd: number }[]; stock: { tensorsAt10: number; tensorsAtEnd: number }[];
    };
    const results: Record<string, T> = {};
    for (const plan of plans) {
      log(`${plan.id}: ${plan.label} on ${plan.backend}, ${plan.steps} steps`);
      // The last step of a run ends with its final evaluation (train/validation loss): not timed.
      const to = plan.steps >= 200 ? plan.steps - 10 : plan.steps - 1;
      // One pair on webgpu (minutes per pair), three on wasm (the pairs there differ by up to 2× on this busy machine).
      const reps = Number(process.env.BENCH_B4_REPS ?? (plan.backend === 'wasm' ? 3 : 1));
      const r = await call<T>('b4', plan.size, plan.steps, reps, plan.backend, plan.from, to);
      details[plan.id] = r;
      results[plan.id] = r;
    }
    for (const plan of plans) {
      const r = results[plan.id];
      const pg = r.playground[0];
      const long = plan.steps >= 200;
      const tensors = results[plan.id.startsWith('B4 (S5') ? 'B4 (S5 preset, wasm)' : 'B4 (wasm)'];
      const equal = tensors.playground.every((x) => x.tensorsAt10 === x.tensorsAtEnd);
      const size = plan.size;
      rows.push({
        id: plan.id,
        workload: `S5 transformer ${plan.label} (C ${size.n_embd}, H ${size.n_head}, L ${size.n_layer}, T ${size.block_size}; ${r.params} params), batch 16, Adam, ${r.backend?.name ?? '?'}, steps ${plan.from}–${long ? plan.steps - 10 : plan.steps - 1} timed of ${plan.steps}`,
        measure: long ? 'tokens/s ÷ stock tf + tf.train.adam (same backend); numTensors at step 10 / 200' : 'tokens/s ÷ stock tf + tf.train.adam (same backend)',
        value: `${fmt(r.playgroundTokensPerSec)} vs ${fmt(r.stockTokensPerSec)} tokens/s${long ? `; numTensors ${pg.tensorsAt10} / ${pg.tensorsAtEnd} (stock ${r.stock[0].tensorsAt10} / ${r.stock[0].tensorsAtEnd})` : ''}`,
        ratio: r.ratio,
        target: plan.id === 'B4' ? '≥ 1.0; numTensors equal (wasm run)' : plan.id === 'B4 (wasm)' ? '≥ 1.0; equal' : '(scaling)',
        pass: plan.id === 'B4' || plan.id === 'B4 (wasm)' ? r.ratio >= 1 && equal : null,
      });
    }
  }
  if (want('B6')) {
    log('B6');
    const r = await call<{ grid: number; batchedMs: number; batchedEvalsPerSec: number; pointwiseEvalsPerSec: number; pointwise: number; backend: { name: string } | null }>('b6', 101, 300);
    details.B6 = r;
    const ratio = r.batchedEvalsPerSec / r.pointwiseEvalsPerSec;
    rows.push({
      id: 'B6', workload: `S10 landscape, 101 × 101 grid, width-10 MLP (depth 2, 7 points), ${r.backend?.name ?? '?'}`,
      measure: 'grid evaluations/s (worker landscape command) ÷ point by point with the same model',
      value: `${fmt(r.batchedEvalsPerSec)} vs ${fmt(r.pointwiseEvalsPerSec)} evals/s (grid in ${fmt(r.batchedMs)} ms)`,
      ratio, target: '≥ 20', pass: ratio >= 20,
    });
  }
  await page.close();
}

// ------------------------------------------------------------------------------------------------
// App rows: B3 (streaming), B5 (cold start).

/** S4 (the two-well function) with three runs streaming 100 000 steps. */
const S4_STREAM: Experiment = {
  version: 1, problem: 'two-well', seed: 0,
  data: { generator: 'gaussian-cluster', n: 25, noise: 0.25, seed: 42 },
  runs: [
    { label: 'SGD lr 0.01, B 1', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 1, init: 'random' },
    { label: 'Polyak, B 1', optimizer: 'polyak', batchSize: 1, init: 'random' },
    { label: 'Polyak, B 2', optimizer: 'polyak', batchSize: 2, init: 'random' },
  ],
  steps: 100_000,
};

/** In-page probes installed before any app script: long tasks, frames, and the first render. */
function installProbes(): void {
  const w = window as unknown as Record<string, unknown>;
  const longTasks: number[] = [];
  w.__longTasks = longTasks;
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long-task API
  }
  const frames: number[] = [];
  w.__frames = frames;
  // Redraws of the contour overlay and the loss view: Plotly builds a new calcdata on every redraw of
  // its own, the live layer (app/views/liveLayer.ts) counts its renders in liveDraws.
  const redraws: Record<string, number[]> = { 'contour-overlay': [], 'loss-view': [] };
  w.__redraws = redraws;
  const lastCalc: Record<string, unknown> = {};
  const lastLive: Record<string, unknown> = {};
  type Trace = { type?: string; x?: ArrayLike<number> };
  const graph = (id: string) => document.querySelector(`[data-testid="${id}"].js-plotly-plot, [data-testid="${id}"] .js-plotly-plot`) as (HTMLElement & { data?: Trace[]; liveData?: Trace[]; liveDraws?: number }) | null;
  const tick = (t: number) => {
    frames.push(t);
    for (const id of Object.keys(redraws)) {
      const gd = graph(id);
      const calc = (gd as unknown as { calcdata?: unknown } | null)?.calcdata;
      const live = gd?.liveDraws;
      if ((calc && calc !== lastCalc[id]) || (live && live !== lastLive[id])) redraws[id].push(t);
      lastCalc[id] = calc;
      lastLive[id] = live;
    }
    if (w.__firstRender === undefined) {
      const base = graph('contour-base')?.data ?? [];
      const overlay = graph('contour-overlay')?.liveData ?? [];
      const pg = w.__playground as { points?: number[] } | undefined;
      if (base.some((d) => d.type === 'contour') && overlay.some((d) => (d.x?.length ?? 0) > 0) && (pg?.points ?? []).some((n) => n > 0)) {
        w.__firstRender = performance.now();
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/**
 * `steps`: 100 000 is the row (the stream lasts a fraction of a second here); 1 000 000, the scaling
 * row, streams for seconds, long enough to count how often each view redraws.
 */
async function b3(browser: Browser, reps = 3, steps = S4_STREAM.steps as number): Promise<void> {
  const link = await encodeLink({ ...S4_STREAM, steps });
  const results: { longTasks: number; maxTask: number; fps: number; seconds: number; steps: number[]; redrawsPerSec: Record<string, number> }[] = [];
  for (let r = 0; r < reps; r++) {
    // Service workers blocked: the offline cache's own fetches are not part of what is measured.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    await context.addInitScript(NAME_SHIM);
    await context.addInitScript(installProbes);
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`app page error: ${e.message}`));
    await page.goto(`http://localhost:${APP_PORT}/#${link}`);
    await page.waitForFunction(() => (window as unknown as { __firstRender?: number }).__firstRender !== undefined, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => window.__playground?.problem === 'two-well' && window.__playground.dim === 2);
    await page.getByTestId('speed').selectOption('0');
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[]; __frames: number[]; __redraws: Record<string, number[]>; __t0: number };
      w.__longTasks.length = 0;
      w.__frames.length = 0;
      for (const list of Object.values(w.__redraws)) list.length = 0;
      w.__t0 = performance.now();
    });
    await page.getByTestId('play').click();
    await page.waitForFunction(() => window.__playground?.done === true, undefined, { timeout: 300_000, polling: 'raf' });
    const t1 = await page.evaluate(() => performance.now());
    // Long tasks are counted until 1 s after the last frame arrived (its drawing included); fps over play → done.
    await page.waitForTimeout(1000);
    const out = await page.evaluate((end) => {
      const w = window as unknown as { __longTasks: number[]; __frames: number[]; __redraws: Record<string, number[]>; __t0: number };
      const frames = w.__frames.filter((t) => t >= w.__t0 && t <= end);
      const redraws = Object.fromEntries(Object.entries(w.__redraws).map(([id, ts]) => [id, ts.filter((t) => t >= w.__t0 && t <= end).length]));
      return { longTasks: w.__longTasks.filter((d) => d > 50), frames: frames.length, seconds: (end - w.__t0) / 1000, steps: window.__playground!.steps, redraws };
    }, t1);
    const redrawsPerSec = Object.fromEntries(Object.entries(out.redraws).map(([id, n]) => [id, n / out.seconds]));
    results.push({ longTasks: out.longTasks.length, maxTask: Math.max(0, ...out.longTasks), fps: out.frames / out.seconds, seconds: out.seconds, steps: out.steps, redrawsPerSec });
    await context.close();
  }
  const scaling = steps !== S4_STREAM.steps;
  const id = scaling ? `B3 (${steps.toLocaleString('en-US').replace(/,/g, ' ')} steps)` : 'B3';
  details[id] = results;
  const tasks = median(results.map((x) => x.longTasks));
  const fps = median(results.map((x) => x.fps));
  const refresh = (view: string) => fmt(median(results.map((x) => x.redrawsPerSec[view] ?? 0)));
  rows.push({
    id, workload: `S4 two-well, 3 runs × ${steps.toLocaleString('en-US').replace(/,/g, ' ')} steps at max speed, contour + loss + step size views (app build)`,
    measure: 'main-thread tasks > 50 ms; frames per second; redraws per second of the contour overlay and the loss view (medians of ' + reps + ')',
    value: `${tasks} long tasks (max ${fmt(Math.max(...results.map((x) => x.maxTask)))} ms); ${fmt(fps)} fps over ${fmt(median(results.map((x) => x.seconds)))} s; redraws/s: contour ${refresh('contour-overlay')}, loss ${refresh('loss-view')}`,
    ratio: null, target: scaling ? '(scaling)' : '0; ≥ 50', pass: scaling ? null : tasks === 0 && fps >= 50,
  });
}

async function b5(browser: Browser, reps = 5): Promise<void> {
  // The page's own scripts: index.html's module script and its modulepreloads (the rest is the worker's graph).
  const html = readFileSync(join(ROOT, 'dist-bench-app', 'index.html'), 'utf8');
  const pageScripts = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]));
  for (const entry of [...pageScripts]) {
    // Static imports of the page's entry chunk (`from"./x.js"`) belong to the page too.
    const code = readFileSync(join(ROOT, 'dist-bench-app', entry), 'utf8');
    for (const m of code.matchAll(/from\s*"\.\/([^"]+\.js)"/g)) pageScripts.add(`/assets/${m[1]}`);
  }
  const results: { ms: number; pageJs: number; workerJs: number; files: { url: string; gz: number; tf: boolean; worker: boolean }[] }[] = [];
  for (let r = 0; r < reps; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    await context.addInitScript(NAME_SHIM);
    await context.addInitScript(installProbes);
    const js: { url: string; gz: number; at: number; tf: boolean }[] = [];
    const pending: Promise<void>[] = [];
    context.on('response', (resp) => {
      const url = resp.url();
      if (!/\.m?js(\?|$)/.test(url)) return;
      const at = Date.now();
      pending.push(resp.body().then((b) => { js.push({ url, gz: gzipSync(b).length, at, tf: b.includes('not registered for backend') }); }, () => undefined));
    });
    const page = await context.newPage();
    await page.goto(`http://localhost:${APP_PORT}/`);
    await page.waitForFunction(() => (window as unknown as { __firstRender?: number }).__firstRender !== undefined, undefined, { timeout: 60_000, polling: 'raf' });
    const seenAt = Date.now();
    const ms = await page.evaluate(() => (window as unknown as { __firstRender: number }).__firstRender);
    await Promise.all(pending);
    // Each URL once (a script imported by the page and by the worker is fetched once, then cached).
    const before = js.filter((f, i) => f.at <= seenAt && js.findIndex((g) => g.url === f.url) === i);
    const isWorker = (u: string) => !pageScripts.has(u.replace(`http://localhost:${APP_PORT}`, ''));
    results.push({
      ms,
      pageJs: before.filter((f) => !isWorker(f.url)).reduce((a, f) => a + f.gz, 0),
      workerJs: before.filter((f) => isWorker(f.url)).reduce((a, f) => a + f.gz, 0),
      files: before.map((f) => ({ url: f.url.replace(`http://localhost:${APP_PORT}`, ''), gz: f.gz, tf: f.tf, worker: isWorker(f.url) })),
    });
    await context.close();
  }
  details.B5 = results;
  const ms = median(results.map((x) => x.ms));
  const total = median(results.map((x) => x.pageJs + x.workerJs));
  const tfLoaded = results.some((x) => x.files.some((f) => f.tf));
  const tfInPage = results.some((x) => x.files.some((f) => f.tf && !f.worker));
  rows.push({
    id: 'B5', workload: 'cold start of the production build (fresh context, default experiment)',
    measure: 'navigation → first contour + first trajectory point; JS (gzip) before first render',
    value: `${fmt(ms)} ms; ${fmt(total / 1024)} KiB JS (page ${fmt(median(results.map((x) => x.pageJs)) / 1024)} KiB, worker ${fmt(median(results.map((x) => x.workerJs)) / 1024)} KiB)${tfInPage ? '; TF.js in the PAGE' : tfLoaded ? '; TF.js fetched by the worker before first render' : ''}`,
    ratio: null, target: '≤ 2 s; ≤ 1 MB (TF.js only in the worker)', pass: ms <= 2000 && total <= 1_000_000 && !tfInPage,
  });
}

// ------------------------------------------------------------------------------------------------

function printTable(): void {
  const head = ['id', 'measure', 'value', 'ratio', 'target', 'pass'];
  const body = rows.map((r) => [r.id, r.measure, r.value, r.ratio === null ? '' : fmt(r.ratio), r.target, r.pass === null ? '' : r.pass ? 'PASS' : 'MISS']);
  const widths = head.map((h, i) => Math.min(90, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const b of body) console.log(line(b));
  console.log('\nworkloads:');
  for (const r of rows) console.log(`  ${r.id}: ${r.workload}`);
}

async function main(): Promise<void> {
  const needApp = want('B3') || want('B5');
  const needBench = ['B1', 'B1B', 'B2', 'B4', 'B6'].some(want);
  if (build) {
    if (needBench) {
      log('building the bench page (dist-bench)');
      execFileSync(process.execPath, [VITE, 'build', '-c', 'e2e/bench/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    }
    if (needApp) {
      log('building the app (dist-bench-app)');
      let cwd = ROOT;
      if (fromHead) {
        cwd = mkdtempSync(join(tmpdir(), 'bench-head-'));
        execFileSync('bash', ['-c', `git -C "${ROOT}" archive HEAD | tar -x -C "${cwd}"`], { stdio: 'inherit' });
        symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'));
        log(`app sources: HEAD ${execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).toString().trim()} in ${cwd}`);
      }
      execFileSync(process.execPath, [VITE, 'build', '--outDir', join(ROOT, 'dist-bench-app'), '--emptyOutDir', '--logLevel', 'warn'], { cwd, stdio: 'inherit' });
      if (fromHead) rmSync(cwd, { recursive: true, force: true });
    }
  }
  const servers: ChildProcess[] = [];
  let browser: Browser | null = null;
  try {
    if (needBench) servers.push(await serve(['-c', 'e2e/bench/vite.config.ts'], BENCH_PORT));
    if (needApp) servers.push(await serve(['--outDir', 'dist-bench-app'], APP_PORT));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, headless: true });
    log(`chromium ${browser.version()}`);
    if (needBench) await benchPage(browser);
    if (want('B3')) {
      log('B3');
      await b3(browser);
      await b3(browser, 3, 1_000_000);
    }
    if (want('B5')) {
      log('B5');
      await b5(browser);
    }
  } finally {
    await browser?.close();
    for (const s of servers) s.kill('SIGTERM');
  }
  printTable();
  const out = rows.map(({ id, workload, measure, value, ratio, target, pass }) => ({ id, workload, measure, value, ratio, target, pass }));
  writeFileSync(`${ROOT}/bench-results.json`, `${JSON.stringify(out, null, 2)}\n`);
  mkdirSync(`${ROOT}/dist-bench`, { recursive: true });
  writeFileSync(`${ROOT}/dist-bench/bench-details.json`, `${JSON.stringify({ date: new Date().toISOString(), details }, null, 2)}\n`);
  log('wrote bench-results.json (and dist-bench/bench-details.json with every repetition)');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

