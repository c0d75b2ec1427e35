/** Link codec: round trips, the key table, the shape of links, docs/links.md. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseExperiment } from '../experiment/schema';
import type { Experiment } from '../experiment/types';
import { OPTIMIZERS } from '../optim/aliases';
import { VIEW_KEYS, decodeLink, encodeLink, linkPairs } from './index';
import { experimentArb } from './arbitrary';
import { DATA_KEYS, EXPERIMENT_KEYS, FIXED_RUN_KEYS, POINTS_KEY, RUN_KEYS, SCHEDULE_KEYS, TEXT_KEY } from './keys';
import { fromBase64url, toBase64url } from './payload';
import { VIEW_IDS } from '../view/viewIds';

const roundTrip = async (e: Experiment) => decodeLink(await encodeLink(e));

describe('round trip: experiment → link → experiment', () => {
  it('gives back every valid experiment exactly, with nothing ignored', async () => {
    await fc.assert(fc.asyncProperty(experimentArb, async (e) => {
      const back = await roundTrip(e);
      expect(back.ignored).toEqual([]);
      expect(back.experiment).toEqual(e);
    }), { numRuns: 400 });
  });

  it('keeps −0, ∞ (max_lr), extreme doubles, unicode labels and feature-array points', async () => {
    const e: Experiment = {
      version: 1, problem: 'linear-regression', data: { points: [[[-0, 5e-324], 1.7976931348623157e308], [[0.1, -2.5], -0]] },
      runs: [
        { label: 'Polyak γ_b = ∞ 🙂 & a=b', optimizer: 'polyak', hyper: { max_lr: Infinity, f_star: -0 }, init: [-0, 1e-300, 3] },
        { label: '', optimizer: 'adam', hyper: { betas: [0, 0.9999999999999999], amsgrad: false }, batchSize: 2 },
      ],
      epochs: 3,
    };
    const back = await roundTrip(e);
    expect(back.ignored).toEqual([]);
    expect(back.experiment).toEqual(e);
    expect(Object.is((back.experiment.data as { points: [number[], number][] }).points[0][0][0], -0)).toBe(true);
  });

  it('treats an empty hyper or problemParams object as absent (the same experiment)', async () => {
    const back = await roundTrip({ version: 1, problem: 'rosenbrock', problemParams: {}, runs: [{ label: 'a', optimizer: 'sgd', hyper: {} }] });
    expect(back.experiment).toEqual({ version: 1, problem: 'rosenbrock', runs: [{ label: 'a', optimizer: 'sgd' }] });
  });

  it('replaces lone surrogates in labels (not URL-encodable) instead of throwing', async () => {
    const back = await roundTrip({ version: 1, problem: 'rosenbrock', runs: [{ label: 'a\ud800b', optimizer: 'sgd' }] });
    expect(back.experiment.runs[0].label).toBe('a\ufffdb');
  });
});

describe('link shape', () => {
  it('writes flat readable keys, and a payload only for user data', async () => {
    const e: Experiment = {
      version: 1, problem: 'polynomial', problemParams: { degree: 9 }, data: { generator: 'sin-exp', n: 7, noise: 0, seed: 0 },
      runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 0.277 }, schedule: { kind: 'constant' }, batchSize: 7, init: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], seed: 1 }],
      steps: 30000,
    };
    expect(await encodeLink(e)).toBe(
      'v=1&problem=polynomial&p.degree=9&data=sin-exp&n=7&noise=0&dseed=0&steps=30000'
      + '&r0.opt=sgd&r0.label=GD&r0.bs=7&r0.init=0,0,0,0,0,0,0,0,0,0&r0.seed=1&r0.sched=constant&r0.lr=0.277',
    );
    const withPoints = await encodeLink({ ...e, data: { points: [[0, 1], [0.5, 2]] } });
    expect(withPoints).toMatch(/&z=[A-Za-z0-9_-]+$/);
    expect(withPoints).not.toMatch(/points/);
  });

  it('percent-encodes labels, so that & = # and spaces cannot break the link', async () => {
    const link = await encodeLink({ version: 1, problem: 'rosenbrock', runs: [{ label: 'a&b=c #1 50%', optimizer: 'sgd', color: '#ff7f0e' }] });
    expect(link).toContain('r0.label=a%26b%3Dc%20%231%2050%25');
    expect(link).toContain('r0.color=ff7f0e');
    expect(link).not.toContain('#');
  });

  it('accepts a leading #, and an empty hash gives the default experiment', async () => {
    const link = await encodeLink({ version: 1, problem: 'booth', runs: [{ label: 'x', optimizer: 'adam' }] });
    expect((await decodeLink(`#${link}`)).experiment.problem).toBe('booth');
    const empty = await decodeLink('');
    expect(empty.ignored).toEqual([]);
    expect(parseExperiment(empty.experiment).ok).toBe(true);
  });

  it('base64url round-trips every byte string', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
    }));
  });
});

describe('the key table', () => {
  const fixed = [...EXPERIMENT_KEYS, ...DATA_KEYS].map((f) => f.key);

  it('has no duplicate keys, and no hyperparameter collides with a run key', () => {
    expect(new Set(fixed).size).toBe(fixed.length);
    expect(new Set(FIXED_RUN_KEYS).size).toBe(FIXED_RUN_KEYS.length);
    for (const o of Object.values(OPTIMIZERS)) for (const h of Object.keys(o.hyper)) expect(FIXED_RUN_KEYS, `${o.id}.${h}`).not.toContain(h);
  });

  it('has view keys that collide with no experiment key, with each other or with the p. and r<i>. prefixes', () => {
    const view = VIEW_KEYS.map((k) => k.key);
    expect(view).toEqual(['lecture', 'embed', 'hide', 'views', 'x', 'internals', 'slice', 'sliceAt']);
    expect(new Set(view).size).toBe(view.length);
    for (const k of view) {
      expect([...fixed, 'v', 'z', POINTS_KEY.key, TEXT_KEY.key], k).not.toContain(k);
      expect(k, k).not.toMatch(/^(p|r\d+)\./);
    }
  });

  it('puts only user data in the payload', () => {
    const payload = [...EXPERIMENT_KEYS, ...DATA_KEYS, ...RUN_KEYS, ...SCHEDULE_KEYS, POINTS_KEY, TEXT_KEY].filter((f) => f.place === 'payload').map((f) => f.key);
    expect(payload).toEqual(['points', 'text']);
  });

  it('orders runs by index and writes hyperparameters in the link', () => {
    const { flat } = linkPairs({ version: 1, problem: 'rosenbrock', runs: [{ label: 'a', optimizer: 'adam', hyper: { lr: 0.1, amsgrad: true, betas: [0.5, 0.6] } }, { label: 'b', optimizer: 'sgd' }] });
    expect(flat.map(([k]) => k)).toEqual(['v', 'problem', 'r0.opt', 'r0.label', 'r0.lr', 'r0.amsgrad', 'r0.betas', 'r1.opt', 'r1.label']);
  });

  it('reads the loss threshold stoploss, and ignores a bad one naming the key', async () => {
    const ok = await decodeLink('#v=1&problem=quadratic&stoploss=1e-6&r0.opt=sgd');
    expect(ok.experiment.stopLoss).toBe(1e-6);
    expect(ok.ignored).toEqual([]);
    const bad = await decodeLink('#v=1&problem=quadratic&stoploss=small&r0.opt=sgd');
    expect(bad.experiment.stopLoss).toBeUndefined();
    expect(bad.ignored).toEqual([{ key: 'stoploss', reason: expect.stringMatching(/not a number/) }]);
    const back = await decodeLink(await encodeLink({ version: 1, problem: 'quadratic', runs: [{ label: 'a', optimizer: 'sgd' }], stopLoss: 0.001 }));
    expect(back.experiment.stopLoss).toBe(0.001);
  });

  it('docs/links.md documents every key and every view id', () => {
    const doc = readFileSync('docs/links.md', 'utf8');
    for (const k of [...fixed, 'v', 'z', 'points', 'text', 'p.<name>', ...FIXED_RUN_KEYS.map((k) => `r<i>.${k}`), 'r<i>.<hyper>', ...VIEW_KEYS.map((k) => k.key), ...VIEW_IDS]) {
      expect(doc, k).toContain(`\`${k}\``);
    }
  });
});
