/**
 * The S3 sweep summary (SCENARIOS S3, seed 001 figures 1–2): 270 runs on the float64 engine in the
 * worker, streamed group by group with a progress bar and Cancel. Final loss vs batch size (one panel
 * per σ, one line per optimizer: the mean over the seeds with min–max bars), final loss vs σ (one panel
 * per optimizer, one line per batch size) and the table of the tuned SGD learning rate per
 * (σ, batch, seed). A load (any structural edit of the experiment) cancels a running sweep.
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { Data, Layout } from 'plotly.js';
import { S3_SWEEP, sweepSeries, sweepSize, type SweepBatch, type SweepCell, type SweepPoint, type SweepSpec, type SweepTuned } from '../../src/index';
import { cancelFloatSweep, onFloatSweep, startFloatSweep, type FloatSweepEvent } from '../workerClient';
import { BASE_LAYOUT, fontSize } from './common';
import Plotly, { PLOT_CONFIG } from './plotly';
import './sweepSummary.css';

interface SweepSummaryState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  spec: SweepSpec;
  done: number;
  total: number;
  cells: SweepCell[];
  tuned: SweepTuned[];
  /** Wall time since the command, and the part the worker spent stepping the sweep. */
  timeMs: number;
  computeMs: number;
  error: string | null;
}

const useSweepSummary = create<SweepSummaryState>()(() => ({
  status: 'idle', spec: S3_SWEEP, done: 0, total: sweepSize(S3_SWEEP), cells: [], tuned: [], timeMs: 0, computeMs: 0, error: null,
}));

function received(e: FloatSweepEvent): void {
  const s = useSweepSummary.getState();
  if (s.status !== 'running') return;
  if (e.type === 'floatSweepCancelled') {
    useSweepSummary.setState({ status: 'cancelled' });
    return;
  }
  useSweepSummary.setState({
    done: e.done,
    total: e.total || s.total,
    cells: e.cells.length ? [...s.cells, ...e.cells] : s.cells,
    tuned: e.tuned ?? s.tuned,
    timeMs: e.timeMs,
    computeMs: e.computeMs,
    ...(e.finished ? { status: e.error ? 'error' : 'done', error: e.error ?? null } : {}),
  });
}

// Module level: a sweep goes on (and is kept) while its view is out of its slot.
onFloatSweep(received);

/** Starts S3's sweep (the view's button, and the S3 sweep preset). */
export function runS3Sweep(): void {
  run(S3_SWEEP);
}

function run(spec: SweepSpec): void {
  useSweepSummary.setState({ status: 'running', spec, done: 0, total: sweepSize(spec), cells: [], tuned: [], timeMs: 0, computeMs: 0, error: null });
  if (!startFloatSweep(spec)) useSweepSummary.setState({ status: 'error', error: 'the worker is not running' });
}

function cancel(): void {
  cancelFloatSweep();
  useSweepSummary.setState({ status: 'cancelled' });
}

const batchName = (b: SweepBatch) => String(b);
const COLORS: Record<string, string> = { 'SGD (tuned)': '#1f77b4', Polyak: '#d62728', 'Polyak-Adam': '#2ca02c' };
const LR_COLORS = ['#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const BATCH_COLORS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#d8a200'];
const fmtLoss = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(4)) : '—');

/** Lines in plotting order: the tuned tag(s), the untagged settings, then each tagged setting (hidden). */
function lineLabels(spec: SweepSpec, points: SweepPoint[]): { label: string; main: boolean }[] {
  const seen = new Set(points.map((p) => p.label));
  const tags = [...new Set(spec.optimizers.filter((o) => o.tune).map((o) => `${o.tune} (tuned)`))];
  const untagged = spec.optimizers.filter((o) => !o.tune).map((o) => o.label);
  const tagged = spec.optimizers.filter((o) => o.tune).map((o) => o.label);
  return [...tags.map((label) => ({ label, main: true })), ...untagged.map((label) => ({ label, main: true })), ...tagged.map((label) => ({ label, main: false }))]
    .filter((l) => seen.has(l.label));
}

function colorOf(label: string, i: number): string {
  return COLORS[label] ?? (label.startsWith('SGD lr') ? LR_COLORS[i % LR_COLORS.length] : `hsl(${(i * 67) % 360}, 55%, 45%)`);
}

/** Panels side by side: axis domains with a gap. */
function domains(n: number, gap = 0.06): [number, number][] {
  const w = (1 - gap * (n - 1)) / n;
  return Array.from({ length: n }, (_, i) => [i * (w + gap), i * (w + gap) + w]);
}

const axisName = (k: number, letter: 'x' | 'y') => (k === 0 ? letter : `${letter}${k + 1}`);
const layoutAxis = (k: number, letter: 'x' | 'y') => (k === 0 ? `${letter}axis` : `${letter}axis${k + 1}`);

function batchFigure(spec: SweepSpec, points: SweepPoint[]): { data: Data[]; layout: Partial<Layout> } {
  const lines = lineLabels(spec, points);
  const cats = spec.batches.map(batchName);
  const data: Data[] = [];
  const layout: Record<string, unknown> = {
    ...BASE_LAYOUT, margin: { l: 52, r: 8, t: 22, b: 84 }, hovermode: 'closest', uirevision: 'sweep-batch',
    legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top', font: { size: fontSize(10) } }, annotations: [] as unknown[],
  };
  const doms = domains(spec.noises.length);
  spec.noises.forEach((noise, k) => {
    layout[layoutAxis(k, 'x')] = { domain: doms[k], type: 'category', categoryorder: 'array', categoryarray: cats, title: { text: 'batch size' }, anchor: axisName(k, 'y') };
    layout[layoutAxis(k, 'y')] = { type: 'log', anchor: axisName(k, 'x'), ...(k === 0 ? { title: { text: 'final full loss (log)' } } : {}), exponentformat: 'power' };
    (layout.annotations as unknown[]).push({ text: `σ = ${noise}`, xref: `${axisName(k, 'x')} domain`, yref: 'paper', x: 0.5, y: 1, yanchor: 'bottom', showarrow: false, font: { size: fontSize(12) } });
    lines.forEach(({ label, main }, i) => {
      const pts = spec.batches.map((b) => points.find((p) => p.label === label && p.noise === noise && p.batch === b));
      const y = pts.map((p) => (p && Number.isFinite(p.mean) && p.mean > 0 ? p.mean : null));
      data.push({
        type: 'scatter', mode: 'lines+markers', name: label, legendgroup: label, showlegend: k === 0,
        visible: main ? true : 'legendonly', xaxis: axisName(k, 'x'), yaxis: axisName(k, 'y'),
        x: cats, y, line: { color: colorOf(label, i), width: main ? 2 : 1.2, dash: main ? 'solid' : 'dot' }, marker: { size: main ? 6 : 4 },
        error_y: {
          type: 'data', symmetric: false, thickness: 1, width: 3, color: colorOf(label, i),
          array: pts.map((p) => (p && Number.isFinite(p.max) ? p.max - p.mean : 0)),
          arrayminus: pts.map((p) => (p && Number.isFinite(p.min) ? p.mean - p.min : 0)),
        },
        customdata: pts.map((p) => (p ? `${p.values.map((v, j) => `seed ${p.seeds[j]}: ${fmtLoss(v)}`).join('<br>')}${p.diverged ? `<br>${p.diverged} diverged` : ''}` : '')),
        hovertemplate: `${label}, σ = ${noise}, batch %{x}<br>mean final loss %{y:.4g}<br>%{customdata}<extra></extra>`,
      } as Data);
    });
  });
  return { data, layout: layout as Partial<Layout> };
}

function noiseFigure(spec: SweepSpec, points: SweepPoint[]): { data: Data[]; layout: Partial<Layout> } {
  const panels = lineLabels(spec, points).filter((l) => l.main).map((l) => l.label);
  const data: Data[] = [];
  const layout: Record<string, unknown> = {
    ...BASE_LAYOUT, margin: { l: 52, r: 8, t: 22, b: 66 }, hovermode: 'closest', uirevision: 'sweep-noise',
    legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top', font: { size: fontSize(10) }, title: { text: 'batch size' } }, annotations: [] as unknown[],
  };
  const doms = domains(panels.length);
  panels.forEach((label, k) => {
    layout[layoutAxis(k, 'x')] = { domain: doms[k], type: 'log', title: { text: 'noise σ (log)' }, anchor: axisName(k, 'y') };
    layout[layoutAxis(k, 'y')] = { type: 'log', anchor: axisName(k, 'x'), ...(k === 0 ? { title: { text: 'final full loss (log)' } } : {}), exponentformat: 'power' };
    (layout.annotations as unknown[]).push({ text: label, xref: `${axisName(k, 'x')} domain`, yref: 'paper', x: 0.5, y: 1, yanchor: 'bottom', showarrow: false, font: { size: fontSize(12), color: COLORS[label] ?? '#333' } });
    spec.batches.forEach((b, i) => {
      const pts = spec.noises.map((noise) => points.find((p) => p.label === label && p.noise === noise && p.batch === b));
      data.push({
        type: 'scatter', mode: 'lines+markers', name: batchName(b), legendgroup: batchName(b), showlegend: k === 0,
        xaxis: axisName(k, 'x'), yaxis: axisName(k, 'y'), x: spec.noises,
        y: pts.map((p) => (p && Number.isFinite(p.mean) && p.mean > 0 ? p.mean : null)),
        line: { color: BATCH_COLORS[i % BATCH_COLORS.length], width: 1.6 }, marker: { size: 5 },
        hovertemplate: `${label}, batch ${batchName(b)}<br>σ = %{x}: mean final loss %{y:.4g}<extra></extra>`,
      } as Data);
    });
  });
  return { data, layout: layout as Partial<Layout> };
}

function SweepPlot({ testId, figure }: { testId: string; figure: (spec: SweepSpec, points: SweepPoint[]) => { data: Data[]; layout: Partial<Layout> } }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let drawn: unknown = null;
    const draw = () => {
      timer = undefined;
      const { spec, cells, tuned } = useSweepSummary.getState();
      if (drawn === cells) return;
      drawn = cells;
      if (!cells.length) {
        Plotly.purge(gd);
        return;
      }
      const { data, layout } = figure(spec, sweepSeries(cells, tuned, { all: true }));
      void Plotly.react(gd, data, layout, PLOT_CONFIG);
    };
    // Progress arrives group by group: redraw at most every 150 ms while it streams.
    const schedule = () => {
      timer ??= setTimeout(draw, 150);
    };
    draw();
    const unsubscribe = useSweepSummary.subscribe(schedule);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      Plotly.purge(gd);
    };
  }, [figure]);
  return <div className="sweep-plot" data-testid={testId} ref={ref} />;
}

function TunedTable() {
  const spec = useSweepSummary((s) => s.spec);
  const tuned = useSweepSummary((s) => s.tuned);
  const cells = useSweepSummary((s) => s.cells);
  if (!tuned.length) return null;
  const find = (noise: number, b: SweepBatch, seed: number) => tuned.find((t) => t.noise === noise && t.batch === b && t.seed === seed);
  const polyakFull = cells.filter((c) => c.optimizer === 'polyak' && c.batch === 'full');
  return (
    <div className="sweep-table" data-testid="sweep-tuned-table">
      <table>
        <caption>Tuned SGD: the lr chosen per (σ, batch, seed) from {'{'}
          {spec.optimizers.filter((o) => o.tune).map((o) => String(o.hyper?.lr ?? o.label)).join(', ')}{'}'}: lowest final loss that neither
          diverged nor oscillated (seed 001; † none qualified: lowest final loss)</caption>
        <thead>
          <tr><th>σ</th><th>batch</th>{spec.seeds.map((s) => <th key={s}>seed {s}</th>)}</tr>
        </thead>
        <tbody>
          {spec.noises.flatMap((noise) => spec.batches.map((b) => (
            <tr key={`${noise}-${b}`}>
              <td>{noise}</td><td>{batchName(b)}</td>
              {spec.seeds.map((seed) => {
                const t = find(noise, b, seed);
                return (
                  <td key={seed} data-lr={t?.lr ?? ''} title={t ? `final loss ${fmtLoss(t.finalLoss)} (${t.label ?? 'all diverged'})` : ''}>
                    {t ? (t.lr ?? '—') : '…'}{t?.rule === 'fallback' ? '†' : ''}
                  </td>
                );
              })}
            </tr>
          )))}
        </tbody>
      </table>
      {polyakFull.length > 0 && (
        <p className="sweep-note" data-testid="sweep-polyak-full">
          Polyak at full batch (every update recorded), largest step size γ per σ and seed:{' '}
          {spec.noises.map((noise) => `σ ${noise}: ${polyakFull.filter((c) => c.noise === noise).map((c) => c.stepSize.max.toPrecision(3)).join(', ')}`).join('; ')}.
        </p>
      )}
    </div>
  );
}

export function SweepSummaryView() {
  const { status, done, total, timeMs, computeMs, error } = useSweepSummary();
  const running = status === 'running';
  return (
    <div className="view-body sweep-summary" data-testid="sweep-summary-view" data-state={status}>
      <div className="sweep-head">
        <button type="button" data-testid="sweep-run" disabled={running} onClick={runS3Sweep}
          title="SCENARIOS S3: σ ∈ {0.1, 1, 5} × batch ∈ {1, 16, 64, 256, full} × seeds {0, 42, 1337} × 6 optimizer settings, 20 epochs, N = 1000, d = 20 (float64, in the worker)">
          {running ? 'running…' : 'Run S3 sweep'}
        </button>
        {running && <button type="button" data-testid="sweep-cancel" onClick={cancel}>Cancel</button>}
        <span className="sweep-progress" data-testid="sweep-progress" data-done={done} data-total={total}>
          <progress max={total} value={done} />
          {done} / {total}
        </span>
        <span className="sweep-status" data-testid="sweep-status" data-time-ms={status === 'done' ? timeMs.toFixed(0) : undefined}>
          {status === 'done' && `done in ${(timeMs / 1000).toFixed(2)} s (${(computeMs / 1000).toFixed(2)} s computing)`}
          {status === 'cancelled' && 'cancelled'}
          {status === 'error' && <span className="sweep-error">{error}</span>}
          {status === 'idle' && 'Polyak vs tuned SGD vs Polyak-Adam on d = 20 regression (seed 001, 1b)'}
        </span>
      </div>
      <div className="sweep-body">
        <SweepPlot testId="sweep-batch-plot" figure={batchFigure} />
        <SweepPlot testId="sweep-noise-plot" figure={noiseFigure} />
        <TunedTable />
      </div>
    </div>
  );
}
