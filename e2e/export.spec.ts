/**
 * Exports in the real page: every plot as PNG and SVG (title, axis labels, legend), the trace as CSV
 * and JSON (the trace format), the experiment file down and up (a bad file names the field and changes
 * nothing), and the PyTorch script. Downloads are read back and checked for content.
 */
import { readFile } from 'node:fs/promises';
import type { Download } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import { pg } from './page';
import { parseTrace } from '../src/export/trace';
import { parseExperiment } from '../src/experiment/schema';

const LINK = '/#v=1&problem=linear-regression&steps=40&record=all&seed=3&r0.opt=sgd&r0.label=SGD%20b%3D4&r0.lr=0.05&r0.bs=4&r1.opt=adam&r1.label=Adam&r1.lr=0.1';

interface State { done: boolean; points: number[]; steps: number[]; lastParams: (number[] | null)[]; problem: string | null }

const state = (page: Page): Promise<State> => page.evaluate(() => {
  const p = window.__playground!;
  return { done: p.done, points: p.points, steps: p.steps, lastParams: p.lastParams, problem: p.problem };
});

async function runToEnd(page: Page): Promise<State> {
  await page.goto(LINK);
  await expect.poll(async () => (await state(page)).steps.length).toBe(2);
  await expect(page.getByTestId('play-state')).toHaveText('paused');
  await page.getByTestId('play').click();
  await expect.poll(async () => (await state(page)).done, { timeout: 20_000 }).toBe(true);
  // every recorded step has arrived (record=all: 41 points per run, step 0 included)
  await expect.poll(async () => (await state(page)).points).toEqual([41, 41]);
  return state(page);
}

async function download(page: Page, testId: string): Promise<{ d: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  return { d, bytes: await readFile(path) };
}

/** The axis titles and trace names Plotly holds for slot `i` (all its graphs). */
function plotFacts(page: Page, i: number) {
  return page.evaluate((slot) => {
    const gds = Array.from(document.querySelectorAll(`[data-testid="slot-${slot}"] .js-plotly-plot`)) as (HTMLElement & { layout?: { xaxis?: { title?: { text?: string } }; yaxis?: { title?: { text?: string } } }; data?: { name?: string }[]; liveData?: { name?: string }[] })[];
    return {
      x: gds[0]?.layout?.xaxis?.title?.text ?? null,
      y: gds[0]?.layout?.yaxis?.title?.text ?? null,
      names: gds.flatMap((g) => [...(g.data ?? []), ...(g.liveData ?? [])].map((t) => t.name).filter((n): n is string => typeof n === 'string' && n !== '')),
      view: document.querySelector(`[data-testid="slot-${slot}"]`)?.getAttribute('data-view'),
    };
  }, i);
}

/** Text in an SVG with Plotly's entity escaping undone. */
const svgText = (svg: string) => svg.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&quot;/g, '"');

test('every plot exports as PNG and SVG with its title, axis labels and legend', async ({ page }) => {
  await runToEnd(page);
  for (const slot of [0, 1, 2]) {
    const facts = await plotFacts(page, slot);
    expect(facts.x, `slot ${slot} has an x-axis title`).toBeTruthy();
    expect(facts.y, `slot ${slot} has a y-axis title`).toBeTruthy();

    const png = await download(page, `export-png-${slot}`);
    expect(png.d.suggestedFilename()).toMatch(/\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.bytes.readUInt32BE(16)).toBe(2400); // IHDR width: 1200 px at scale 2
    expect(png.bytes.readUInt32BE(20)).toBe(1500);
    expect(png.bytes.length).toBeGreaterThan(20_000);

    const svg = await download(page, `export-svg-${slot}`);
    expect(svg.d.suggestedFilename()).toMatch(/\.svg$/);
    const text = svgText(svg.bytes.toString('utf8'));
    expect(text.startsWith('<svg')).toBe(true);
    const label = (await page.getByTestId(`slot-${slot}-view`).locator('option:checked').textContent())!;
    expect(text).toContain(`${label}: Linear regression`); // the title
    expect(text).toContain(facts.x!);
    expect(text).toContain(facts.y!);
    expect(text).toContain('class="legend"');
    for (const name of ['SGD b=4', 'Adam']) expect(text, `legend of slot ${slot} (${facts.view})`).toContain(name);
  }
});

test('the trace exports as CSV and JSON: one row per recorded step, the trace format, the received values', async ({ page }) => {
  const s = await runToEnd(page);

  const csv = (await download(page, 'export-trace-csv')).bytes.toString('utf8');
  const lines = csv.trimEnd().split('\n');
  expect(lines[0]).toBe('run,label,optimizer,step,loss,batch_loss,step_size,grad_norm,w,b');
  expect(lines.length - 1).toBe(s.points[0] + s.points[1]);
  const last = lines.at(-1)!.split(',');
  expect(last.slice(0, 4)).toEqual(['1', 'Adam', 'adam', '40']);
  expect(last.slice(-2).map(Number)).toEqual(s.lastParams[1]);
  expect(lines[1].split(',').slice(0, 4)).toEqual(['0', 'SGD b=4', 'sgd', '0']);

  const json = JSON.parse((await download(page, 'export-trace-json')).bytes.toString('utf8'));
  const parsed = parseTrace(json);
  expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  expect(json.runs.map((r: { step: number[] }) => r.step.length)).toEqual(s.points);
  expect(json.runs.map((r: { params: number[][] }) => r.params.at(-1))).toEqual(s.lastParams);
  expect(json.runs[0].stepSize[0]).toBeNull();
  expect(json.runs[0].stepSize[1]).toBe(0.05);
  expect(json.data.x).toHaveLength(json.data.y.length);
  expect(json.experiment.runs.map((r: { label: string }) => r.label)).toEqual(['SGD b=4', 'Adam']);
});

test('the experiment file downloads, and uploads: a bad file names the field and changes nothing, a good one loads', async ({ page }) => {
  await runToEnd(page);
  const file = JSON.parse((await download(page, 'export-experiment')).bytes.toString('utf8'));
  const check = parseExperiment(file);
  expect(check.ok ? [] : check.errors).toEqual([]);
  expect(file).toMatchObject({ problem: 'linear-regression', steps: 40, seed: 3, runs: [{ optimizer: 'sgd', batchSize: 4, label: 'SGD b=4' }, { optimizer: 'adam' }] });

  const input = page.getByTestId('import-experiment');
  const bad = { ...file, runs: [{ ...file.runs[0], optimizer: 'sgdd' }, file.runs[1]] };
  await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByTestId('import-errors')).toContainText('runs[0].optimizer');
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "problem": ') });
  await expect(page.getByTestId('import-errors')).toContainText('not valid JSON');
  // nothing lost: same experiment, same finished runs
  const after = await state(page);
  expect(after.done).toBe(true);
  expect(after.points).toEqual([41, 41]);
  await expect(page.getByTestId('run-optimizer-0')).toHaveValue('sgd');

  const good = { ...file, steps: 7, runs: [{ label: 'Polyak', optimizer: 'polyak', batchSize: 5 }] };
  await input.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await expect(page.getByTestId('import-errors')).toHaveCount(0);
  await expect(page.getByTestId('run-optimizer-0')).toHaveValue('polyak');
  await expect(page.getByTestId('run-row-1')).toHaveCount(0);
  await expect.poll(async () => (await state(page)).steps).toEqual([0]);
  // and the hash follows the uploaded experiment
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('r0.opt=polyak');
});

test('the PyTorch script embeds the data and optimizers; unsupported problems say why', async ({ page }) => {
  await runToEnd(page);
  const { d, bytes } = await download(page, 'export-pytorch');
  expect(d.suggestedFilename()).toBe('linear-regression-pytorch.py');
  const py = bytes.toString('utf8');
  expect(py.startsWith('#!/usr/bin/env python3')).toBe(true);
  expect(py).toContain('torch.set_default_dtype(torch.float64)');
  expect(py).toContain('torch.optim.SGD([theta], lr=0.05, momentum=0.0');
  expect(py).toContain('torch.optim.Adam([theta], lr=0.1, betas=(0.9, 0.999)');
  expect(py).toContain('"batch_size": 4,');
  expect(py).toMatch(/PERMS = \[\n {4}\[[\d,]+\],/);
  expect(py).toContain("matplotlib.use(\"Agg\")");
  // the embedded targets are the page's data, value for value
  const trace = JSON.parse((await download(page, 'export-trace-json')).bytes.toString('utf8'));
  const embedded = /^Y = torch\.tensor\(\[(.*)\]\)$/m.exec(py)?.[1].split(', ').map(Number);
  expect(embedded).toEqual(trace.data.y);

  // A 2-D test function: f in torch ops, no data.
  await page.goto('/#v=1&problem=rosenbrock&steps=10&r0.opt=polyak&r0.max_lr=0.001');
  await expect.poll(() => pg(page, 'problem')).toBe('rosenbrock');
  await expect(page.getByTestId('export-pytorch-reason')).toHaveCount(0);
  const rosenbrock = (await download(page, 'export-pytorch')).bytes.toString('utf8');
  expect(rosenbrock).toContain('    return (1 - x) ** 2 + 100 * (y - x * x) ** 2');
  expect(rosenbrock).toContain('Polyak([theta], f_star=0.0, eps=1e-8, c=1.0, max_lr=0.001)');

  await page.goto('/#v=1&problem=flat-sharp&steps=10&r0.opt=sgd');
  await expect.poll(() => pg(page, 'problem')).toBe('flat-sharp');
  await expect(page.getByTestId('export-pytorch')).toBeDisabled();
  await expect(page.getByTestId('export-pytorch-reason')).toContainText('problem flat-sharp has no PyTorch export (supported:');
});
