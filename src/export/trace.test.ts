import { describe, expect, it } from 'vitest';
import { Runner } from '../run/runner';
import { makeTrace } from '../experiment/trace';
import type { Experiment } from '../experiment/types';
import { parseTrace, traceCsv, traceFromColumns, type ColumnRun } from './trace';

const EXPERIMENT: Experiment = {
  version: 1, problem: 'linear-regression', seed: 4, steps: 60, record: { every: 7 },
  runs: [
    { label: 'SGD, "b=4"', optimizer: 'sgd', hyper: { lr: 0.05 }, batchSize: 4 },
    { label: '=HYPERLINK()', optimizer: 'adam', hyper: { lr: 0.1 } },
    { label: 'too fast', optimizer: 'sgd', hyper: { lr: 1e3 } },
  ],
};

function columns(runner: Runner): ColumnRun[] {
  return runner.runs.map((r) => ({
    label: r.label, optimizer: r.optimizer, status: r.status, reason: r.reason, divergedAt: r.divergedAt, extraEvaluations: r.extraEvaluations,
    n: r.recorder.length, dim: r.recorder.dim,
    cols: { step: r.recorder.step, loss: r.recorder.loss, batchLoss: r.recorder.batchLoss, stepSize: r.recorder.stepSize, gradNorm: r.recorder.gradNorm },
    params: r.recorder.params,
  }));
}

describe('trace export', () => {
  const runner = new Runner(EXPERIMENT);
  runner.runToEnd();
  const data = runner.problem.data!;
  const trace = traceFromColumns(EXPERIMENT, { x: data.x, y: data.y }, columns(runner));

  it('builds from columns the same trace the headless runner writes', () => {
    expect(runner.runs[2].status).toBe('diverged'); // lr 1e3 on purpose: a diverged run with a reason
    expect(JSON.parse(JSON.stringify(trace))).toEqual(JSON.parse(JSON.stringify(makeTrace(runner))));
  });

  it('passes the trace schema, which names the field of a broken one', () => {
    expect(parseTrace(JSON.parse(JSON.stringify(trace)))).toMatchObject({ ok: true });
    const broken = JSON.parse(JSON.stringify(trace));
    broken.runs[0].loss.pop();
    broken.runs[1].step[2] = -1;
    const r = parseTrace(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.join('\n')).toMatch(/runs\.0\.loss: has \d+ entries/);
      expect(r.errors.join('\n')).toMatch(/runs\.1\.step\.2/);
    }
    expect(parseTrace({ ...JSON.parse(JSON.stringify(trace)), experiment: { version: 1 } })).toMatchObject({ ok: false });
  });

  it('writes one CSV row per recorded point, with quoted labels and defused formulas', () => {
    const csv = traceCsv(trace, ['w', 'b']);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('run,label,optimizer,step,loss,batch_loss,step_size,grad_norm,w,b');
    const points = trace.runs.reduce((s, r) => s + r.step.length, 0);
    expect(lines.length - 1).toBe(points);
    expect(lines[1]).toMatch(/^0,"SGD, ""b=4""",sgd,0,[\d.e-]+,,,,/);
    expect(csv).toContain(",'=HYPERLINK(),adam,");
    const last = lines[trace.runs[0].step.length].split(',');
    const p = trace.runs[0].params.at(-1)!;
    expect(Number(last.at(-2))).toBe(p[0]);
    expect(Number(last.at(-1))).toBe(p[1]);
  });
});
