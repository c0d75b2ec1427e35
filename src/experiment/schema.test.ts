import { describe, expect, it } from 'vitest';
import { parseExperiment, parseExperimentText } from './schema';

const good = {
  version: 1,
  problem: 'rosenbrock',
  runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 0.001, momentum: 0.9 }, schedule: { kind: 'step-lr', stepSize: 30, gamma: 0.1 } }],
  steps: 100,
};

const errorsOf = (v: unknown) => {
  const r = parseExperiment(v);
  return r.ok ? [] : r.errors;
};

describe('experiment validation', () => {
  it('accepts an optional loss threshold stopLoss', () => {
    const r = parseExperiment({ ...good, stopLoss: 1e-6 });
    expect(r.ok && r.experiment.stopLoss).toBe(1e-6);
  });

  it('accepts a valid experiment unchanged', () => {
    const r = parseExperiment(good);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.experiment).toEqual(good);
  });

  it.each([
    [{ ...good, version: 2 }, /^version: must be 1/],
    [{ ...good, problem: 'nope' }, /^problem: unknown problem "nope"/],
    [{ ...good, runs: [] }, /^runs: must hold at least one run/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'adamax' }] }, /^runs\[0\]\.optimizer: unknown optimizer "adamax"/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'sgd', hyper: { lr: -1 } }] }, /^runs\[0\]\.hyper\.lr: must be ≥ 0, got -1/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'sgd', hyper: { beta: 0.5 } }] }, /^runs\[0\]\.hyper\.beta: sgd has no hyperparameter beta/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'adam', hyper: { betas: [0.9, 1] } }] }, /^runs\[0\]\.hyper\.betas: must be < 1, got 1/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'adam', hyper: { betas: 0.9 } }] }, /^runs\[0\]\.hyper\.betas: must be a pair/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'sgd', hyper: { nesterov: true } }] }, /^runs\[0\]\.hyper\.nesterov: Nesterov momentum requires a momentum and zero dampening/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'sgd', batchSize: 0 }] }, /^runs\[0\]\.batchSize: must be ≥ 1/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'sgd', batchSize: 2.5 }] }, /^runs\[0\]\.batchSize: must be an integer/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'sgd', init: [1, null] }] }, /^runs\[0\]\.init/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'sgd', color: 'red;x' }] }, /^runs\[0\]\.color: must be a colour/],
    [{ ...good, runs: [{ label: 'x'.repeat(81), optimizer: 'sgd' }] }, /^runs\[0\]\.label: must be at most 80 characters/],
    [{ ...good, steps: -1 }, /^steps: must be ≥ 0/],
    [{ ...good, stopLoss: 'small' }, /^stopLoss: must be a finite number/],
    [{ ...good, stopLoss: null }, /^stopLoss: must be a finite number/],
    [{ ...good, steps: 10, epochs: 1 }, /^steps\/epochs: give one of the two/],
    [{ ...good, problemParams: { k: 1 } }, /^problemParams\.k: unknown parameter for rosenbrock/],
    [{ ...good, data: { generator: 'linear' } }, /^data\.generator: "linear" does not apply to rosenbrock \(it takes no data\)/],
    [{ ...good, surprise: 1 }, /Unrecognized key/],
    [{ ...good, runs: [{ label: 'x', optimizer: 'sgd', schedule: { kind: 'cosine' } }] }, /^runs\[0\]\.schedule\.kind/],
  ])('rejects %j with a message naming the field', (input, message) => {
    const errors = errorsOf(input);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => message.test(e))).toBe(true);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({ ...good, runs: [{ label: 'a', optimizer: 'sgd', hyper: { lr: -1 } }, { label: 'b', optimizer: 'x' }] });
    expect(errors.length).toBe(2);
  });

  it('rejects NaN and infinities that JSON cannot carry but objects can', () => {
    expect(errorsOf({ ...good, runs: [{ label: 'x', optimizer: 'sgd', hyper: { lr: Number.NaN } }] })[0]).toMatch(/hyper\.lr: must be a number/);
    expect(errorsOf({ ...good, runs: [{ label: 'x', optimizer: 'sgd', hyper: { lr: Infinity } }] })[0]).toMatch(/hyper\.lr: must be ≤/);
    expect(errorsOf({ ...good, runs: [{ label: 'x', optimizer: 'sgd', init: [Infinity, 0] }] })[0]).toMatch(/runs\[0\]\.init\[0\]: must be a finite number/);
  });

  it('reports bad JSON text as an error, not an exception', () => {
    const r = parseExperimentText('{"version": 1,');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^\(file\): not valid JSON/);
  });

  it('never throws on arbitrary values', () => {
    for (const v of [null, undefined, 0, 'x', [], [1], { version: 1, runs: 'x' }, { version: 1, problem: 1, runs: [null] }]) {
      expect(parseExperiment(v).ok).toBe(false);
    }
  });
});

describe('typed objectives', () => {
  const typed = { version: 1, problem: 'expression', expression: '(x^2+y-11)^2 + (x+y^2-7)^2', runs: [{ label: 'GD', optimizer: 'sgd' }] };

  it('accepts a valid f(x, y) for problem expression', () => {
    expect(parseExperiment(typed).ok).toBe(true);
  });

  it('reports a parse error with its column, and an expression given to another problem', () => {
    expect(errorsOf({ ...typed, expression: '(x^2 + y' })[0]).toMatch(/^expression: at column \d+/);
    expect(errorsOf({ ...typed, expression: 'constructor.constructor("x")()' })[0]).toMatch(/^expression: /);
    expect(errorsOf({ ...typed, problem: 'rosenbrock' })[0]).toMatch(/^expression: only problem "expression" takes a typed objective/);
    expect(errorsOf({ ...typed, expression: 'x+'.repeat(600) + 'y' })[0]).toMatch(/^expression: must be at most 1000 characters/);
  });
});
