/**
 * What the hostile tests (hostile.test.ts) do not cover yet (issue 7): whatever hash is opened, the
 * experiment decodeLink returns does not only validate, it loads: the engine builds it and steps it
 * without throwing (float64 problems); and random compressed payloads `z` never throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink } from './index';
import { experimentArb } from './arbitrary';
import { parseExperiment } from '../experiment/schema';
import { Runner } from '../run/runner';
import { MODEL_CATALOG } from '../models/catalog';
import type { Experiment } from '../experiment/types';

function loads(e: Experiment): void {
  expect(parseExperiment(e)).toMatchObject({ ok: true });
  if (MODEL_CATALOG[e.problem]) return;
  const d = e.data;
  if (d && 'generator' in d && (d.n ?? 0) * (d.d ?? 1) > 20_000) return; // big generated data: schema.property.test.ts
  const runner = new Runner({ ...e, steps: 3, epochs: undefined });
  runner.advance(3);
}

const junk = fc.oneof(fc.constantFrom('', 'NaN', '-1', '0', '1e308', '-Infinity', '<img src=x onerror=alert(1)>', 'random', '%', '%E0%A4%A', '1,2,3', 'x'.repeat(100), '__proto__', 'constructor'), fc.string({ maxLength: 20 }));
const KEYS = ['v', 'problem', 'p.degree', 'p.scale', 'steps', 'epochs', 'seed', 'record', 'data', 'n', 'noise', 'd', 'dseed', 'expr', 'precision', 'backend', 'r0.opt', 'r0.lr', 'r0.bs', 'r0.init', 'r0.betas', 'r0.momentum', 'r0.nesterov', 'r0.hinv', 'r0.eps', 'r1.opt', 'r1.init', 'r1.bs', 'z'];

let count = 0;

describe('decodeLink properties: the decoded experiment loads', () => {
  it('for links built from random keys and junk values', async () => {
    const hash = fc.array(fc.tuple(fc.constantFrom(...KEYS), junk), { maxLength: 12 })
      .map((kv) => kv.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
    await fc.assert(fc.asyncProperty(hash, async (h) => {
      count++;
      const { experiment } = await decodeLink(h);
      expect(() => loads(experiment), h).not.toThrow();
    }), { numRuns: 400 });
  });

  it('for valid links with one value replaced by junk', async () => {
    await fc.assert(fc.asyncProperty(experimentArb, fc.nat(), junk, async (exp, at, value) => {
      count++;
      const parts = (await encodeLink(exp)).split('&');
      const i = at % parts.length;
      parts[i] = `${parts[i].split('=')[0]}=${encodeURIComponent(value)}`;
      const h = parts.join('&');
      const { experiment } = await decodeLink(h);
      expect(() => loads(experiment), h.slice(0, 300)).not.toThrow();
    }), { numRuns: 150 });
  });

  it('for random base64url payloads z, never throws', async () => {
    const b64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), maxLength: 400 });
    await fc.assert(fc.asyncProperty(b64, async (z) => {
      count++;
      const { experiment, ignored } = await decodeLink(`v=1&problem=polynomial&r0.opt=sgd&z=${z}`);
      expect(() => loads(experiment)).not.toThrow();
      if (z.length > 0) expect(ignored.length + (experiment.data ? 1 : 0)).toBeGreaterThan(0);
    }), { numRuns: 300 });
    console.log(`decodeLink: ${count} links decoded and loaded`);
  });
});
