/**
 * The preset table: every preset is a valid experiment of version 1, survives its link, covers every
 * scenario, runs headless without the highlighted run diverging, and shows the phenomenon it
 * promises where that is cheap to check. docs/presets.md is generated from the table.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseExperiment } from '../experiment/schema';
import { decodeLink, encodeLink } from '../link/index';
import { MODEL_CATALOG } from '../models/catalog';
import { OPTIMIZERS } from '../optim/aliases';
import { PROBLEMS, makeProblem } from '../problems/registry';
import { makeRng } from '../rng';
import { Runner } from '../run/runner';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { betaGrid } from '../tensor/analysis';
import { loadTensorEngine } from '../tensor/load';
import type { TensorRunner } from '../tensor/tensorRunner';
import { INV_BETA_DEGREE3, INV_BETA_DEGREE9, PRESETS, PRESETS_BY_ID, SCENARIO_ORDER, SCENARIO_TITLES, presetGroups, type Preset } from './presets';
import { presetsMarkdown } from './markdown';

const SCENARIOS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11', 'S12', 'S13'];
const VIEWS = ['contour', 'fit', 'loss', 'stepSize', 'gradNorm', 'params', 'distance', 'gap', 'inspector', 'evaluation', 'samples', 'sweepSummary', 'betaGrid'];
const SPEEDS = [10, 30, 100, 300, 1000, 3000, 0];

const isAnalytic = (p: Preset) => PROBLEMS[p.experiment.problem] !== undefined;
const analytic = PRESETS.filter(isAnalytic);
const neural = PRESETS.filter((p) => !isAnalytic(p));

/** Runs an analytic preset to its end on the float64 engine (all of them take well under a second). */
const ran = new Map<string, Runner>();
function finished(id: string): Runner {
  let r = ran.get(id);
  if (!r) {
    r = new Runner(PRESETS_BY_ID[id].experiment);
    r.runToEnd();
    ran.set(id, r);
  }
  return r;
}
const theta = (id: string, run: number) => Array.from(finished(id).runs[run].theta);
const distSq = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + (v - b[i]) ** 2, 0);

describe('the preset table', () => {
  it('holds valid experiments of version 1', () => {
    for (const p of PRESETS) {
      const r = parseExperiment(p.experiment);
      expect(r.ok ? [] : r.errors, p.id).toEqual([]);
      expect(p.experiment.version).toBe(1);
    }
  });

  it('has unique, URL- and test-id-safe ids', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('covers every scenario S1–S13, every classic surface, a typed objective and the two twins', () => {
    for (const s of SCENARIOS) expect(PRESETS.some((p) => p.scenario === s), s).toBe(true);
    const surfaces = Object.values(PROBLEMS).filter((p) => p.scenario === 'surface' && p.id !== 'expression').map((p) => p.id);
    expect(surfaces).toHaveLength(9);
    for (const id of surfaces) {
      const p = PRESETS.find((q) => q.scenario === 'surface' && q.experiment.problem === id);
      expect(p, id).toBeDefined();
      // The race of REFERENCE §3: SGD, momentum, Adam and Polyak from one start.
      expect(p!.experiment.runs.map((r) => `${r.optimizer}${r.hyper?.momentum ? '+m' : ''}`), id).toEqual(['sgd', 'sgd+m', 'adam', 'polyak']);
      const inits = p!.experiment.runs.map((r) => JSON.stringify(r.init));
      expect(new Set(inits).size, id).toBe(1);
      expect(Array.isArray(p!.experiment.runs[0].init), id).toBe(true);
    }
    const typed = PRESETS.filter((p) => p.experiment.problem === 'expression');
    expect(typed.map((p) => p.experiment.expression)).toEqual(['(x^2+y-11)^2 + (x+y^2-7)^2']);
    expect(PRESETS.some((p) => p.scenario === 'S11' && p.experiment.precision === 'float32')).toBe(true);
    expect(PRESETS.some((p) => p.scenario === 'S11' && p.experiment.precision === undefined)).toBe(true);
    expect(PRESETS.some((p) => p.scenario === 'S8' && p.experiment.problem === 'quad-fit' && p.experiment.problemParams?.scale === 1e-6)).toBe(true);
    expect(PRESETS.filter((p) => p.experiment.problem === 'transformer' || p.experiment.problem === 'mlp' || p.experiment.problem === 'classifier').map((p) => p.scenario).sort())
      .toEqual(['S10', 'S13', 'S13', 'S5']); // S13: the classifiers' race and the β grid
  });

  it('gives every preset a title, two lines to look for, an expectation, a highlighted run and valid view hints', () => {
    for (const p of PRESETS) {
      expect(p.title.length, p.id).toBeGreaterThan(5);
      expect(p.look, p.id).toHaveLength(2);
      for (const line of p.look) {
        expect(line.length, p.id).toBeGreaterThan(20);
        expect(line.length, `${p.id}: one line is at most 160 characters`).toBeLessThanOrEqual(160);
      }
      expect(p.expect.length, p.id).toBeGreaterThan(20);
      expect(p.highlight, p.id).toBeGreaterThanOrEqual(0);
      expect(p.highlight, p.id).toBeLessThan(p.experiment.runs.length);
      if (p.views) {
        expect(new Set(p.views).size, p.id).toBe(3);
        for (const v of p.views) expect(VIEWS, p.id).toContain(v);
        // A neural model has no contour; an analytic problem has no train/val evaluation or samples.
        if (isAnalytic(p)) expect(p.views.filter((v) => v === 'evaluation' || v === 'samples'), p.id).toEqual([]);
        else expect(p.views, p.id).not.toContain('contour');
      }
      if (p.speed !== undefined) expect(SPEEDS, p.id).toContain(p.speed);
      for (const run of p.experiment.runs) expect(OPTIMIZERS[run.optimizer], `${p.id}: ${run.optimizer}`).toBeDefined();
    }
  });

  it('groups presets by scenario in gallery order', () => {
    const groups = presetGroups();
    expect(groups.map((g) => g.scenario)).toEqual(SCENARIO_ORDER);
    expect(groups.flatMap((g) => g.presets).length).toBe(PRESETS.length);
    for (const g of groups) expect(g.title).toBe(SCENARIO_TITLES[g.scenario]);
  });

  it("uses seed 003's step sizes 1/β with the spectral norm", () => {
    const beta = (degree: number) => makeProblem('polynomial', { degree }, { generator: 'sin-exp', n: 7 }, makeRng(0)).smoothness!;
    expect(INV_BETA_DEGREE3).toBeCloseTo(1 / beta(3), 15);
    expect(INV_BETA_DEGREE9).toBeCloseTo(1 / beta(9), 15);
  });
});

describe('links', () => {
  it('every preset survives experiment → link → experiment exactly, with nothing ignored', async () => {
    for (const p of PRESETS) {
      const hash = await encodeLink(p.experiment);
      const back = await decodeLink(hash);
      expect(back.ignored, p.id).toEqual([]);
      expect(back.experiment, p.id).toEqual(p.experiment);
    }
  });

  it('docs/presets.md lists every preset with its link and is up to date', async () => {
    const text = await presetsMarkdown();
    if (process.env.UPDATE_PRESET_DOCS) writeFileSync('docs/presets.md', text);
    const doc = readFileSync('docs/presets.md', 'utf8');
    for (const p of PRESETS) {
      expect(doc).toContain(`| \`${p.id}\` |`);
      expect(doc).toContain(`\`#${await encodeLink(p.experiment)}\``);
    }
    expect(doc, 'docs/presets.md is out of date: UPDATE_PRESET_DOCS=1 npx vitest run src/presets').toBe(text);
  });
});

describe('analytic presets run headless on the float64 engine', () => {
  it.each(analytic.map((p) => [p.id]))('%s: builds, runs, and its highlighted run does not diverge', (id) => {
    const p = PRESETS_BY_ID[id];
    const r = finished(id);
    expect(r.runs.length).toBe(p.experiment.runs.length);
    const hl = r.runs[p.highlight];
    expect(hl.status, hl.reason).toBe('done');
    expect(hl.t).toBe(hl.totalSteps);
    expect(hl.totalSteps).toBeGreaterThan(0);
    const rec = hl.recorder;
    for (let i = 0; i < rec.length; i++) expect(Number.isFinite(rec.loss[i])).toBe(true);
    // Every run starts from a finite loss (a preset never opens on a broken start).
    for (const run of r.runs) expect(Number.isFinite(run.recorder.loss[0]), run.label).toBe(true);
  });
});

describe('the phenomena the presets promise (float64 engine)', () => {
  it('S1: Polyak reaches w₁ = 0, w₂ = 2, b = 1', () => {
    const [w1, w2, b] = theta('s1-polyak-quadratic', 0);
    expect(Math.abs(w1)).toBeLessThan(1e-3);
    expect(w2).toBeCloseTo(2, 3);
    expect(b).toBeCloseTo(1, 3);
  });

  it("S2: Polyak's step jumps far above SGD's lr, and its final loss is noisier", () => {
    const r = finished('s2-sgd-vs-polyak-noisy');
    const steps = Array.from(r.runs[1].recorder.stepSize.subarray(0, r.runs[1].recorder.length)).filter(Number.isFinite);
    expect(Math.max(...steps)).toBeGreaterThan(10);
    const last = (k: number) => r.runs[k].recorder.loss[r.runs[k].recorder.length - 1];
    expect(last(1)).toBeGreaterThan(last(0));
  });

  it('S3: the full-batch Polyak step spikes above 20; batch-16 Polyak ends above tuned SGD', () => {
    const r = finished('s3-polyak-vs-tuned-sgd');
    const full = r.runs[2].recorder;
    expect(Math.max(...Array.from(full.stepSize.subarray(0, full.length)).filter(Number.isFinite))).toBeGreaterThan(20);
    const last = (k: number) => r.runs[k].recorder.loss[r.runs[k].recorder.length - 1];
    expect(last(1)).toBeGreaterThan(1.1 * last(0));
  });

  it('S4: SGD stays in the near well, batch-2 Polyak reaches the global one', () => {
    const r = finished('s4-two-well');
    const opt = r.problem.optimum!.theta;
    expect(theta('s4-two-well', 0)[0]).toBeGreaterThan(0);
    expect(distSq(theta('s4-two-well', 2), opt)).toBeLessThan(0.25);
  });

  it("S6: the hybrid's step rises late in training", () => {
    const rec = finished('s6-polyak-adam').runs[4].recorder;
    const mean = (a: number, b: number) => {
      const xs = Array.from(rec.stepSize.subarray(a, b)).filter(Number.isFinite);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    const n = rec.length;
    expect(mean(Math.floor(0.8 * n), n)).toBeGreaterThan(1.3 * mean(1, Math.floor(0.2 * n)));
  });

  it('S7: Armijo on the full batch beats Armijo on batches of 8 and pays extra evaluations', () => {
    const r = finished('s7-armijo');
    const last = (k: number) => r.runs[k].recorder.loss[r.runs[k].recorder.length - 1];
    expect(last(0)).toBeLessThan(last(1));
    expect(r.runs[0].extraEvaluations).toBeGreaterThan(0);
  });

  it('S8: every optimizer fits (3, 4, 8); the twin leaves γ far from 8·10⁶', () => {
    const well = finished('s8-quad-fit');
    for (const run of well.runs) expect(distSq(run.theta, [3, 4, 8]), run.label).toBeLessThan(1e-6);
    const twin = finished('s8-ill-conditioned');
    for (const run of twin.runs) expect(run.theta[2], run.label).toBeLessThan(1e3);
  });

  it('S9: GD reaches f − f* ≤ 1e-15; constant-step SGD stalls above the step-decay schedule', () => {
    const r = finished('s9-polynomial-gd-sgd');
    const fStar = r.problem.optimum!.value;
    const gap = (k: number) => r.runs[k].recorder.loss[r.runs[k].recorder.length - 1] - fStar;
    expect(gap(0)).toBeLessThan(1e-15);
    expect(gap(1)).toBeGreaterThan(gap(3));
  });

  it('S11: GD reaches the minimum-norm solution to ‖θ − θ*‖² ≤ 1e-16; Adam ends far from it', () => {
    const r = finished('s11-min-norm');
    const opt = r.problem.optimum!.theta;
    expect(distSq(theta('s11-min-norm', 0), opt)).toBeLessThanOrEqual(1e-16);
    expect(distSq(theta('s11-min-norm', 2), opt)).toBeGreaterThan(1e-3);
  });

  it('S12: GD stays in the sharp minimum near 5, SGD leaves for the flat one', () => {
    expect(theta('s12-flat-sharp', 0)[0]).toBeGreaterThan(4.5);
    expect(Math.abs(theta('s12-flat-sharp', 1)[0])).toBeLessThan(2);
  });

  it('S13: SGD+ leaves the saddle far sooner than SGD', () => {
    expect(Math.abs(theta('s13-saddle', 1)[1])).toBeGreaterThan(100 * Math.abs(theta('s13-saddle', 0)[1]));
  });

  it('surfaces: Polyak with the true f* reaches the global minimum where small steps stop in a local one', () => {
    for (const id of ['surface-rastrigin', 'surface-six-hump-camel', 'surface-goldstein-price']) {
      // By value: the six-hump camel has two global minima ±(0.0898, −0.7127).
      const r = finished(id);
      const fStar = r.problem.optimum!.value;
      const last = (k: number) => r.runs[k].recorder.loss[r.runs[k].recorder.length - 1];
      expect(last(3) - fStar, id).toBeLessThan(1e-6);
      expect(last(0) - fStar, id).toBeGreaterThan(0.5);
    }
    for (const id of ['surface-rosenbrock', 'surface-beale', 'surface-himmelblau', 'surface-booth', 'surface-quadratic']) {
      expect(distSq(theta(id, 3), finished(id).problem.optimum!.theta), id).toBeLessThan(1e-4);
    }
  });

  it('typed objective: the runs split between two of Himmelblau\'s minima', () => {
    const ends = [0, 1, 2, 3].map((k) => theta('typed-himmelblau', k).map((v) => Math.round(v)).join(','));
    expect(new Set(ends).size).toBeGreaterThan(1);
  });
});

describe('neural and float32 presets load on the tensor path (TF.js cpu in Node)', () => {
  const tensorPresets = [...neural, ...analytic.filter((p) => p.experiment.precision === 'float32')];
  it.each(tensorPresets.map((p) => [p.id]))('%s: builds and trains a few steps', async (id) => {
    const p = PRESETS_BY_ID[id];
    if (!isAnalytic(p)) expect(MODEL_CATALOG[p.experiment.problem]).toBeDefined();
    const { engine, info } = await loadTensorEngine({ ...p.experiment, backend: 'cpu' });
    try {
      expect(info.path).toBe('tensor');
      const steps = p.experiment.problem === 'transformer' ? 2 : 20;
      const runner = engine as TensorRunner;
      let taken = 0;
      while (taken < steps) taken += await runner.advanceAsync(steps - taken);
      for (const run of runner.runs) {
        expect(run.t, run.label).toBe(steps);
        expect(run.status, run.reason).toBe('ok');
        expect(Number.isFinite(run.recorder.loss[run.recorder.length - 1]), run.label).toBe(true);
      }
    } finally {
      engine.dispose?.();
    }
  }, 60_000);
});

describe('the analysis presets', () => {
  it('S3 sweep and S13 β grid open their view in the first slot; the rest of the table starts none', () => {
    const withAnalysis = PRESETS.filter((p) => p.analysis);
    expect(withAnalysis.map((p) => [p.id, p.analysis, p.views?.[0]])).toEqual([
      ['s3-sweep', 'sweep', 'sweepSummary'],
      ['s13-beta-grid', 'betaGrid', 'betaGrid'],
    ]);
    expect(PRESETS_BY_ID['s3-sweep'].experiment.data).toEqual({ generator: 'linear', n: 1000, d: 20, noise: 5, seed: 0 });
    expect(PRESETS_BY_ID['s13-beta-grid'].experiment.problem).toBe('classifier');
  });

  it("S13 β grid: with the page's default grid (2 000 Adam steps, lr 1e-2, batch 8) β₁ = 0.99, β₂ ≤ 0.9 stall", async () => {
    const p = PRESETS_BY_ID['s13-beta-grid'];
    expect(await tf.setBackend('wasm')).toBe(true);
    const cells = await betaGrid({
      beta1s: [0.7, 0.9, 0.99], beta2s: [0.7, 0.9, 0.99], steps: 2000, lr: 0.01, batchSize: 8,
      hidden: p.experiment.problemParams!.hidden, seed: p.experiment.seed ?? 0,
    }, () => undefined);
    const stalled = (c: { beta1: number; beta2: number }) => c.beta1 === 0.99 && c.beta2 <= 0.9;
    for (const c of cells) {
      if (stalled(c)) expect(c.minLoss, `${c.beta1}, ${c.beta2}`).toBeGreaterThan(0.15);
      else expect(c.minLoss, `${c.beta1}, ${c.beta2}`).toBeLessThan(0.01);
    }
    expect(cells.filter(stalled).length).toBe(2);
  }, 120_000);
});
