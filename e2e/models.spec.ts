/**
 * The neural models (tensor path, TF.js in the worker) in a real browser, in both projects:
 * `chromium-webgpu` (launched with --enable-unsafe-webgpu: the backend must be webgpu, on SwiftShader's
 * software adapter here) and `chromium` (no WebGPU: a fallback backend). The S10 MLP is opened with
 * the problem picker and fits the 7 points; a tiny S5 transformer is opened from a link, trains until
 * done, evaluates train/validation loss and generates text; a user text file is validated.
 * Values come from `window.__playground` (read-only) and Plotly's `gd.data`/`layout`.
 *
 * Software WebGPU is slow: the models are tiny, and every wait polls (no bare sleeps).
 */
import { expect, test } from './fixtures';
import { pg, gen, traces, axes, waitLoaded, reloadAfter, fill, show, checkBackend, playUntilDone } from './page';

/** Iterations of the MLP race: plenty for Adam's 10× (its loss is ~3e-5 of the start by then); SwiftShader WebGPU does ~2.5 a second. */
const MLP_ITERS = 80;

test('the S10 MLP from the problem picker: backend, Adam vs SGD, the loss falls 10×, the fit and its extrapolation', async ({ page }, testInfo) => {
  test.setTimeout(115_000);
  await page.goto('/');
  await waitLoaded(page, 3, 'two-well');
  expect(await pg(page, 'path')).toBe('float64');
  await expect(page.getByTestId('backend')).toHaveCount(0);

  // The picker lists the models in their own group; picking one shows "loading model…" until it has loaded.
  await expect(page.locator('[data-testid="problem"] optgroup[label="Neural models (TF.js)"] option')).toHaveText([/MLP/, /classifier/, /transformer/]);
  await page.getByTestId('problem').selectOption('mlp');
  await expect(page.getByTestId('model-loading').or(page.getByTestId('backend'))).toBeVisible();
  await waitLoaded(page, 3, 'mlp');
  await expect(page.getByTestId('model-loading')).toHaveCount(0);
  const backend = await checkBackend(page, testInfo);
  expect(await pg(page, 'dim')).toBe(141);
  await expect(page.getByTestId('model-size')).toContainText('141 parameters');
  // The model's sliders come from MODEL_CATALOG.
  for (const [name, value] of [['depth', '2'], ['width', '10'], ['activation', '0']]) await expect(page.getByTestId(`param-${name}`)).toHaveValue(value);
  // The big slot shows the network's fit instead of a contour; a contour asked for says why there is none.
  await expect(page.getByTestId('slot-0')).toHaveAttribute('data-view', 'fit');
  await show(page, 2, 'contour');
  await expect(page.getByTestId('no-contour')).toContainText('No contour for a neural model');
  await show(page, 2, 'stepSize');

  // Runs: SGD lr 0.05 and Adam lr 0.1, full batch, MLP_ITERS iterations.
  await reloadAfter(page, 2, () => page.getByTestId('remove-run-1').click());
  await expect(page.getByTestId('run-optimizer-0')).toHaveValue('sgd');
  await expect(page.getByTestId('run-optimizer-1')).toHaveValue('adam');
  await fill(page, 'hyper-0-lr', '0.05');
  await fill(page, 'hyper-1-lr', '0.1');
  await reloadAfter(page, 2, () => fill(page, 'length', String(MLP_ITERS)));
  await expect(page.getByTestId('hyper-0-lr')).toHaveValue('0.05');
  await expect(page.getByTestId('hyper-1-lr')).toHaveValue('0.1');

  const seconds = await playUntilDone(page, 90_000);
  const statuses = await pg(page, 'statuses');
  expect(statuses.map((s) => [s.step, s.status])).toEqual([[MLP_ITERS, 'done'], [MLP_ITERS, 'done']]);
  const first = await pg(page, 'firstLoss');
  const last = await pg(page, 'lastLoss');
  testInfo.annotations.push({ type: 'speed', description: `MLP on ${backend}: 2 runs × ${MLP_ITERS} iterations in ${seconds.toFixed(1)} s (${(MLP_ITERS / seconds).toFixed(1)} it/s); loss SGD ${first[0]!.toPrecision(3)} → ${last[0]!.toPrecision(3)}, Adam ${first[1]!.toPrecision(3)} → ${last[1]!.toPrecision(3)}` });
  console.log(`[${testInfo.project.name}] ${testInfo.annotations.at(-1)!.description}`);
  // Adam fits the 7 points: the loss falls by 10× from its start; SGD's falls too.
  expect(last[1]!).toBeLessThan(first[1]! / 10);
  expect(last[0]!).toBeLessThan(first[0]!);

  // The loss (log y) and step-size views have every iteration of both runs.
  const loss = await traces(page, 'loss-view');
  expect(loss.slice(0, 2).map((t) => t.n)).toEqual([MLP_ITERS, MLP_ITERS]);
  expect((await axes(page, 'loss-view'))?.yType).toBe('log');
  await expect.poll(async () => (await traces(page, 'stepsize-view')).filter((t) => t.n >= MLP_ITERS - 10).length).toBeGreaterThanOrEqual(2);

  // The fit: the 7 points and each run's network over [−1.1, 1.1], computed on the page from θ.
  const fit = await traces(page, 'mlp-fit-view');
  expect(fit[0]).toMatchObject({ name: 'data', n: 7 });
  expect(fit.slice(1).map((t) => t.n)).toEqual([401, 401]);
  for (const t of fit.slice(1)) expect(t.y.every((v) => v !== null && Number.isFinite(v))).toBe(true);
  // Adam's curve passes near the points: its squared residuals at the data average about its last loss.
  const [data, , adam] = fit;
  let sq = 0;
  data.x.forEach((x, i) => {
    const j = Math.round(((x + 1.1) / 2.2) * 400);
    sq += (adam.y[j]! - data.y[i]!) ** 2 / data.x.length;
  });
  expect(sq).toBeLessThan(first[1]! / 5);
  expect((await axes(page, 'mlp-fit-view'))?.x).toEqual([-1.1, 1.1]);
  // The extrapolation toggle draws it over [−11, 11].
  await page.getByTestId('mlp-extrapolate').check();
  await expect.poll(async () => (await axes(page, 'mlp-fit-view'))?.x).toEqual([-11, 11]);
  await expect.poll(async () => (await traces(page, 'mlp-fit-view')).slice(1).map((t) => [t.n, t.x[0], t.x[400]])).toEqual([[401, -11, 11], [401, -11, 11]]);
});

test('the backend select forces a backend and reloads', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto('/#v=1&problem=mlp&steps=20&r0.opt=adam&r0.lr=0.1');
  await waitLoaded(page, 1, 'mlp');
  await checkBackend(page, testInfo);
  await expect(page.getByTestId('backend-select')).toHaveValue('auto');
  await reloadAfter(page, 1, () => page.getByTestId('backend-select').selectOption('cpu'));
  await expect.poll(() => pg(page, 'backend')).toBe('cpu');
  await expect(page.getByTestId('backend')).toContainText('TF.js: cpu');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('backend=cpu');
  await playUntilDone(page, 60_000);
  expect((await pg(page, 'statuses'))[0]).toMatchObject({ step: 20, status: 'done' });
  const cpuLoss = (await pg(page, 'lastLoss'))[0]!;
  // WebAssembly: its binaries come from the build's own origin (the guard fails any other request),
  // and the same 20 steps give the same loss to float32 tolerance.
  await reloadAfter(page, 1, () => page.getByTestId('backend-select').selectOption('wasm'));
  await expect.poll(() => pg(page, 'backend')).toBe('wasm');
  await expect(page.getByTestId('backend')).toContainText('TF.js: wasm');
  await playUntilDone(page, 60_000);
  expect((await pg(page, 'statuses'))[0]).toMatchObject({ step: 20, status: 'done' });
  expect(Math.abs((await pg(page, 'lastLoss'))[0]! - cpuLoss)).toBeLessThan(1e-4 * Math.max(1, cpuLoss));
  // Back to an analytic problem: the float64 path, no backend shown, the contour back in the big slot.
  await reloadAfter(page, 1, () => page.getByTestId('problem').selectOption('two-well'));
  expect(await pg(page, 'path')).toBe('float64');
  await expect(page.getByTestId('backend')).toHaveCount(0);
  await expect(page.getByTestId('slot-0')).toHaveAttribute('data-view', 'contour');
});

test('a loss threshold stops a neural model at the first step below it (tensor path)', async ({ page }) => {
  test.setTimeout(90_000);
  // cpu: the runner's stop logic is what is tested, not the backend; the 7 points are one full batch.
  await page.goto('/#v=1&problem=mlp&steps=3000&stoploss=0.02&backend=cpu&r0.opt=adam&r0.lr=0.05');
  await waitLoaded(page, 1, 'mlp');
  await show(page, 1, 'loss');
  await expect(page.getByTestId('stop-loss')).toHaveValue('0.02');
  await expect(page.locator('label:has([data-testid="stop-loss"])')).toContainText('stop when loss <');
  await playUntilDone(page, 60_000);
  const [status] = await pg(page, 'statuses');
  const m = /^stopped at step (\d+): loss (\S+) < 0\.02$/.exec(status.reason ?? '');
  expect(m, status.reason).not.toBeNull();
  const step = Number(m![1]);
  expect(status).toMatchObject({ step, status: 'done' });
  expect(step).toBeGreaterThan(1);
  expect(step).toBeLessThan(3000);
  expect(Number(m![2])).toBeLessThan(0.02);
  expect((await pg(page, 'lastLoss'))[0]).toBeLessThan(0.02);
});

const TINY_TRANSFORMER = '#v=1&problem=transformer&p.n_embd=16&p.n_head=2&p.n_layer=1&p.block_size=16&p.dropout=0&p.eval_every=10&data=toddler&n=400&steps=30&r0.opt=adam&r0.lr=0.01&r0.bs=16';

test('a tiny S5 transformer from a link: trains until done, train/validation loss fall, Generate gives text', async ({ page }, testInfo) => {
  test.setTimeout(115_000);
  await page.goto(`/${TINY_TRANSFORMER}`);
  await waitLoaded(page, 1, 'transformer');
  const backend = await checkBackend(page, testInfo);
  expect(await pg(page, 'dim')).toBe(0); // too many parameters to stream θ: metrics only
  await expect(page.getByTestId('model-size')).toContainText('parameters');
  for (const [name, value] of [['n_embd', '16'], ['n_head', '2'], ['n_layer', '1'], ['block_size', '16'], ['eval_every', '10']]) {
    await expect(page.getByTestId(`param-${name}`)).toHaveValue(value);
  }
  // The transformer opens on its evaluations and samples.
  await expect(page.getByTestId('slot-0')).toHaveAttribute('data-view', 'evaluation');
  await expect(page.getByTestId('slot-2')).toHaveAttribute('data-view', 'samples');
  await expect(page.getByTestId('evaluation-view')).toContainText('The first evaluation comes at iteration 10');

  const seconds = await playUntilDone(page, 100_000);
  const status = (await pg(page, 'statuses'))[0];
  expect(status.status).toBe('done');
  const evals = (await pg(page, 'evaluations'))[0];
  // Every eval_every = 10 iterations until done (or an early stop, which says so).
  expect(evals.map((e) => e.step)).toEqual(status.reason?.startsWith('stopped early') ? evals.map((_, i) => 10 * (i + 1)) : [10, 20, 30]);
  for (const e of evals) expect(Number.isFinite(e.train) && Number.isFinite(e.val)).toBe(true);
  expect(evals.at(-1)!.train).toBeLessThan(evals[0].train);
  expect(evals.at(-1)!.val).toBeLessThan(evals[0].val);
  testInfo.annotations.push({ type: 'speed', description: `tiny transformer on ${backend}: ${status.step} iterations (B 16, T 16, C 16) in ${seconds.toFixed(1)} s (${(status.step / seconds).toFixed(1)} it/s, 3 evaluations included); train ${evals[0].train.toFixed(3)} → ${evals.at(-1)!.train.toFixed(3)}, val ${evals[0].val.toFixed(3)} → ${evals.at(-1)!.val.toFixed(3)}` });
  console.log(`[${testInfo.project.name}] ${testInfo.annotations.at(-1)!.description}`);

  // The evaluation view: train, validation and the gap per run, one point per evaluation.
  await expect.poll(async () => (await traces(page, 'evaluation-view')).map((t) => t.n)).toEqual([evals.length, evals.length, evals.length]);
  const [train, val, gap] = await traces(page, 'evaluation-view');
  expect(train.y).toEqual(evals.map((e) => e.train));
  expect(val.y).toEqual(evals.map((e) => e.val));
  gap.y.forEach((g, i) => expect(g).toBeCloseTo(evals[i].val - evals[i].train, 12));
  // The mini-batch loss of every iteration streams into the loss view.
  await show(page, 1, 'loss');
  await expect.poll(async () => (await traces(page, 'loss-view'))[0]?.n).toBe(status.step);

  // Generate: text from the trained run, shown as text.
  await fill(page, 'sample-temperature', '0.8');
  await fill(page, 'sample-length', '120');
  await page.getByTestId('generate-0').click();
  await expect.poll(async () => (await pg(page, 'samples'))[0]?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  const text = (await pg(page, 'samples'))[0]!;
  expect(text.length).toBeGreaterThanOrEqual(120);
  const shown = page.getByTestId('sample-0');
  await expect(shown).toHaveText(text, { useInnerText: false });
  expect(await shown.evaluate((el) => el.children.length)).toBe(0);
});

test('a dropped text file is validated on the page: a clear message, or the transformer reloads on it', async ({ page }) => {
  test.setTimeout(90_000);
  // The checks are the page's; wasm trains the reloaded model without compiling software-GL shaders.
  await page.goto(`/${TINY_TRANSFORMER}&backend=wasm`);
  await waitLoaded(page, 1, 'transformer');
  await expect(page.getByTestId('corpus-name')).toHaveText('built-in toddler corpus');
  const file = page.getByTestId('corpus-file');

  await file.setInputFiles({ name: 'short.txt', mimeType: 'text/plain', buffer: Buffer.from('Too short.\n') });
  await expect(page.getByTestId('corpus-error')).toContainText('short.txt: The text has 11 characters; at least 1000 are needed');
  await file.setInputFiles({ name: 'bad.txt', mimeType: 'text/plain', buffer: Buffer.from([0x49, 0x20, 0xff, 0xfe, 0x41]) });
  await expect(page.getByTestId('corpus-error')).toContainText('bad.txt: The file is not valid UTF-8 text');
  expect(await pg(page, 'problem')).toBe('transformer');

  // CRLF text: accepted, the change is shown, and the experiment now trains on it.
  const before = await gen(page);
  const lines = Array.from({ length: 120 }, (_, i) => `Line ${i}: the cat sat on the mat.`).join('\r\n');
  await file.setInputFiles({ name: 'cats.txt', mimeType: 'text/plain', buffer: Buffer.from(lines, 'utf8') });
  await expect(page.getByTestId('corpus-error')).toHaveCount(0);
  await expect.poll(() => gen(page)).toBeGreaterThan(before);
  await waitLoaded(page, 1, 'transformer');
  await expect(page.getByTestId('corpus-name')).toHaveText('cats.txt');
  await expect(page.getByTestId('corpus-notes')).toContainText('Line ends converted');
  await page.getByTestId('step-count').fill('3');
  await page.getByTestId('step-count').press('Enter');
  await page.getByTestId('step').click();
  await expect.poll(() => pg(page, 'steps'), { timeout: 30_000 }).toEqual([3]);
  await page.getByTestId('generate-0').click();
  await expect.poll(async () => (await pg(page, 'samples'))[0] ?? '', { timeout: 30_000 }).not.toBe('');
  // Only characters of the user's text can come out.
  const alphabet = new Set(lines.replace(/\r/g, ''));
  for (const ch of (await pg(page, 'samples'))[0]!) expect(alphabet.has(ch)).toBe(true);

  await reloadAfter(page, 1, () => page.getByTestId('corpus-reset').click());
  await expect(page.getByTestId('corpus-name')).toHaveText('built-in toddler corpus');
});
