/**
 * Links in lecture slides must keep working: version-1 links frozen here (written by the version-1
 * encoder, never regenerated) decode to the same experiments in every later version. And the
 * migration mechanism upgrades old links step by step.
 */
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../experiment/types';
import { decodeLink, encodeLink, migrate, type Migration } from './index';

const FROZEN_V1: { link: string; experiment: Experiment }[] = [
  {
    link: 'v=1&problem=polynomial&p.degree=3&epochs=200&seed=42&sampling=replacement&record=all&r0.opt=sgd&r0.label=GD%20(%CE%B3%20%3D%200.277)&r0.bs=5&r0.init=0,0,0,0&r0.seed=1&r0.color=1f77b4&r0.sched=step-lr&r0.sched.step=100&r0.sched.gamma=0.5&r0.sched.per=epoch&r0.lr=0.277&r0.momentum=0.9&r0.nesterov=true&r1.opt=adam&r1.label=Adam&r1.bs=2&r1.init=random&r1.seed=7&r1.lr=0.01&r1.betas=0.8,0.99&r1.amsgrad=true&r2.opt=polyak&r2.label=SPS_max&r2.max_lr=2&r2.c=0.5&z=q1YqyM_MKylWslKKjtY11DHQMzKN1YnWNdAz1dE10DME8wx0DPTAtJ6pjqGeOYhpCJI1N42NVaoFAA',
    experiment: {
      version: 1, problem: 'polynomial', problemParams: { degree: 3 },
      data: { points: [[-1, 0.25], [-0.5, -0.125], [0, 0.5], [0.5, 1.75], [1, -0.75]] },
      runs: [
        {
          label: 'GD (γ = 0.277)', optimizer: 'sgd', hyper: { lr: 0.277, momentum: 0.9, nesterov: true },
          schedule: { kind: 'step-lr', stepSize: 100, gamma: 0.5, per: 'epoch' }, batchSize: 5, init: [0, 0, 0, 0], seed: 1, color: '#1f77b4',
        },
        { label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01, betas: [0.8, 0.99], amsgrad: true }, batchSize: 2, init: 'random', seed: 7 },
        { label: 'SPS_max', optimizer: 'polyak', hyper: { max_lr: 2, c: 0.5 } },
      ],
      epochs: 200, seed: 42, sampling: 'replacement', record: 'all',
    },
  },
  {
    link: 'v=1&problem=two-well&data=gaussian-cluster&n=9&noise=1&dseed=3&steps=5000&record=10&r0.opt=polyak_adam&r0.label=Polyak-Adam&r0.bs=1&r0.f_star=0.5&r0.betas=0.9,0.999',
    experiment: {
      version: 1, problem: 'two-well', data: { generator: 'gaussian-cluster', n: 9, noise: 1, seed: 3 },
      runs: [{ label: 'Polyak-Adam', optimizer: 'polyak_adam', hyper: { f_star: 0.5, betas: [0.9, 0.999] }, batchSize: 1 }],
      steps: 5000, record: { every: 10 },
    },
  },
];

describe('frozen version-1 links', () => {
  it.each(FROZEN_V1.map((f, i) => [i, f] as const))('link %i decodes to the same experiment, nothing ignored', async (_i, { link, experiment }) => {
    const { experiment: e, ignored } = await decodeLink(link);
    expect(ignored).toEqual([]);
    expect(e).toEqual(experiment);
  });

  it('the flat part of a frozen link is what the encoder still writes', async () => {
    // The payload bytes may differ between deflate implementations; the flat keys may not.
    for (const { link, experiment } of FROZEN_V1) {
      expect((await encodeLink(experiment)).replace(/&z=.*$/, '')).toBe(link.replace(/&z=.*$/, ''));
    }
  });
});

describe('migrations', () => {
  // A made-up history: v1 → v2 renamed `r<i>.bs` to `r<i>.batch`; v2 → v3 wrote lr in log₁₀.
  const table: Record<number, Migration> = {
    1: (pairs) => new Map([...pairs].map(([k, v]) => [k.replace(/^(r\d+)\.bs$/, '$1.batch'), v])),
    2: (pairs) => new Map([...pairs].map(([k, v]) => [k, /^r\d+\.lr$/.test(k) ? String(Math.log10(Number(v))) : v])),
  };

  it('upgrade step by step from any earlier version to the current one', () => {
    const v1 = new Map([['r0.bs', '4'], ['r0.lr', '0.01']]);
    expect(migrate(v1, 1, table, 3)).toEqual({ pairs: new Map([['r0.batch', '4'], ['r0.lr', '-2']]), issues: [] });
    expect(migrate(new Map([['r0.batch', '4'], ['r0.lr', '0.1']]), 2, table, 3).pairs).toEqual(new Map([['r0.batch', '4'], ['r0.lr', '-1']]));
  });

  it('report a missing step or a newer version, and read the link as it is', () => {
    const pairs = new Map([['a', '1']]);
    expect(migrate(pairs, 0, table, 3)).toEqual({ pairs, issues: [{ key: 'v', reason: 'no migration from version 0; read as version 3' }] });
    expect(migrate(pairs, 4, table, 3).issues).toEqual([{ key: 'v', reason: 'made by a newer version (4) of the playground; read as version 3' }]);
  });

  it('the current version needs no migration', () => {
    const pairs = new Map([['a', '1']]);
    expect(migrate(pairs, 1)).toEqual({ pairs, issues: [] });
  });
});
