/**
 * Bad and hostile links: each bad key is dropped or clamped and reported by name, the rest loads,
 * the result is always a valid experiment, and decoding never throws, for any string.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExperiment } from '../experiment/schema';
import { decodeLink, encodeLink, type LinkIssue } from './index';
import { experimentArb } from './arbitrary';
import { LINK_LIMITS } from './keys';
import { PAYLOAD_LIMITS, toBase64url } from './payload';

const BASE = 'v=1&problem=rosenbrock&steps=100&r0.opt=adam';

async function decodeOk(hash: string): Promise<{ e: Awaited<ReturnType<typeof decodeLink>>['experiment']; ignored: LinkIssue[] }> {
  const { experiment, ignored } = await decodeLink(hash);
  expect(parseExperiment(experiment)).toMatchObject({ ok: true });
  expect(ignored.filter((i) => i.reason.includes('internal error'))).toEqual([]);
  return { e: experiment, ignored };
}

const keysOf = (ignored: LinkIssue[]) => ignored.map((i) => i.key);

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
}

describe('hostile corpus: each bad value is reported by its key, the rest loads', () => {
  it.each([
    ['r0.lr=NaN', 'r0.lr', /"NaN" is not a number; ignored/],
    ['r0.lr=1e308', 'r0.lr', /must be ≤ 1000000, got 1e\+308; clamped to 1000000/],
    ['r0.lr=Infinity', 'r0.lr', /must be a finite number/],
    ['r0.lr=-1', 'r0.lr', /must be ≥ 0, got -1; clamped to 0/],
    ['r0.lr=0x10', 'r0.lr', /is not a number/],
    ['r0.bs=-1', 'r0.bs', /must be ≥ 1, got -1; clamped to 1/],
    ['r0.bs=2.5', 'r0.bs', /must be an integer/],
    ['r0.betas=1,0.999', 'r0.betas', /element 1: must be < 1, got 1; ignored/],
    ['r0.betas=0.9', 'r0.betas', /must be 2 numbers/],
    ['r0.amsgrad=yes', 'r0.amsgrad', /must be true or false/],
    ['r0.momentum=0.9', 'r0.momentum', /adam has no hyperparameter "momentum"/],
    ['r0.label=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'r0.label', /looks like HTML markup; labels are plain text; ignored/],
    ['r0.label=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 'r0.label', /looks like HTML markup/],
    [`r0.label=${'x'.repeat(200)}`, 'r0.label', /longer than 80 characters; cut to 80/],
    ['r0.label=a%E2%80%AEb%00c', 'r0.label', /control characters removed/],
    ['r0.color=red', 'r0.color', /must be a colour like 1f77b4/],
    ['r0.init=1,2,3', 'r0.init', /rosenbrock has 2 parameters \(x, y\), got 3 values; ignored/],
    ['r0.init=1,abc', 'r0.init', /element 2: "abc" is not a number/],
    ['r0.sched=cosine', 'r0.sched', /unknown schedule "cosine"/],
    ['r0.sched.step=10', 'r0.sched.step', /needs a valid r0.sched/],
    ['r1.opt=lbfgs&r1.lr=1', 'r1.opt', /unknown optimizer "lbfgs".*run r1 \(and its 1 other key\) ignored/],
    ['r1.lr=1', 'r1.opt', /missing; run r1 \(and its 1 other key\) ignored/],
    ['r16.opt=sgd', 'r16', /at most 16 runs/],
    ['r0.constructor=1', 'r0.constructor', /adam has no hyperparameter "constructor"/],
    ['__proto__=1', '__proto__', /unknown key; ignored/],
    ['seed=99999999999', 'seed', /clamped to 2147483647/],
    ['sampling=random', 'sampling', /unknown sampling "random"/],
    ['record=0', 'record', /must be ≥ 1/],
    ['epochs=5', 'epochs', /steps is given too/],
    ['p.degree=3', 'p.degree', /rosenbrock has no parameter "degree"/],
    ['n=10', 'n', /problem rosenbrock takes no data; ignored/],
    ['r0.lr=%E0%A4%A', 'r0.lr', /is not valid percent-encoding/],
    ['steps', 'steps', /has no value/],
    ['z=!!!not-base64!!!', 'z', /is not base64url text; ignored/],
    ['z=AAAA', 'z', /is not valid deflate-raw data|does not hold UTF-8 JSON/],
  ])('%s', async (extra, key, reason) => {
    const { e, ignored } = await decodeOk(`${BASE}&${extra}`);
    const issue = ignored.find((i) => i.key === key);
    expect(issue, JSON.stringify(ignored)).toBeDefined();
    expect(issue!.reason).toMatch(reason);
    // The rest of the link still loads.
    expect(e.problem).toBe('rosenbrock');
    expect(e.runs[0].optimizer).toBe('adam');
  });

  it('an unknown problem falls back to the default problem; its parameters and data are reported', async () => {
    const { e, ignored } = await decodeOk('v=1&problem=evil&p.degree=3&r0.opt=sgd&r0.label=a');
    expect(e.problem).toBe('rosenbrock');
    expect(keysOf(ignored)).toEqual(['problem', 'p.degree']);
    expect(ignored[0].reason).toMatch(/unknown problem "evil"/);
  });

  it('a link without runs, version or problem still opens', async () => {
    const { e, ignored } = await decodeOk('hello=world');
    expect(e.runs).toEqual([{ label: 'SGD', optimizer: 'sgd' }]);
    expect(keysOf(ignored)).toEqual(['v', 'problem', 'r0.opt', 'hello']);
  });

  it('nesterov without momentum, batches larger than the data, and a bad quadratic are repaired per key', async () => {
    const { e, ignored } = await decodeOk('v=1&problem=quadratic&p.h12=20&r0.opt=sgd&r0.label=a&r0.nesterov=true&r0.bs=5');
    expect(e.problemParams).toBeUndefined();
    expect(e.runs[0]).toEqual({ label: 'a', optimizer: 'sgd', batchSize: 1 });
    expect(keysOf(ignored)).toEqual(['r0.nesterov', 'p.h12', 'r0.bs']);
    expect(ignored[1].reason).toMatch(/must be positive definite/);
    const two = await decodeOk('v=1&problem=two-well&n=9&r0.opt=sgd&r0.label=a&r0.bs=10');
    expect(two.e.runs[0].batchSize).toBe(9);
  });

  it('a newer version is read best-effort and reported', async () => {
    const { e, ignored } = await decodeOk(`v=7&problem=booth&r0.opt=sgd&r0.label=a`);
    expect(e.problem).toBe('booth');
    expect(ignored).toEqual([{ key: 'v', reason: 'made by a newer version (7) of the playground; read as version 1' }]);
  });

  it('refuses a 3 MB hash whole, quickly', async () => {
    const t0 = performance.now();
    const { e, ignored } = await decodeOk(`${BASE}&r0.label=${'a'.repeat(3_000_000)}`);
    expect(e.problem).toBe('rosenbrock');
    expect(ignored).toEqual([{ key: '(link)', reason: `is 3.0 MB long; the limit is ${LINK_LIMITS.hash / 1e6} MB; using the default experiment` }]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('refuses a payload that inflates past the limit (zip bomb) without inflating it all', async () => {
    const bomb = new Uint8Array(PAYLOAD_LIMITS.inflated * 4).fill(0x20); // 64 MB of spaces, ~64 kB deflated
    const z = toBase64url(await deflate(bomb));
    expect(z.length).toBeLessThan(200_000);
    const { ignored } = await decodeOk(`${BASE}&z=${z}`);
    expect(ignored).toEqual([{ key: 'z', reason: 'inflates to more than 16 MB; refused; ignored (user data is lost)' }]);
  });

  it('checks payload contents per key: bad points, wrong types, non-objects', async () => {
    const pack = async (v: unknown) => toBase64url(await deflate(new TextEncoder().encode(JSON.stringify(v))));
    const poly = 'v=1&problem=polynomial&r0.opt=sgd&r0.label=a';
    const bad = await decodeOk(`${poly}&z=${await pack({ points: '[[1,2],[3,"x"]]' })}`);
    expect(bad.ignored).toEqual([{ key: 'points', reason: 'row 2: y must be a finite number; ignored' }]);
    const widths = await decodeOk(`${poly}&z=${await pack({ points: '[[[1,2],3]]' })}`);
    expect(widths.ignored[0]).toMatchObject({ key: 'points', reason: expect.stringMatching(/polynomial needs 1-D x/) });
    expect((await decodeOk(`${poly}&z=${await pack([1, 2])}`)).ignored).toEqual([{ key: 'z', reason: 'must hold a JSON object; ignored (user data is lost)' }]);
    expect((await decodeOk(`${poly}&z=${await pack({ points: 5 })}`)).ignored[0].reason).toMatch(/entry "points" must be text/);
    const onRosenbrock = await decodeOk(`${BASE}&z=${await pack({ points: '[[1,2]]' })}`);
    expect(onRosenbrock.ignored).toEqual([{ key: 'points', reason: 'problem rosenbrock does not take user data; ignored' }]);
  });

  it('caps the ignored list', async () => {
    const many = Array.from({ length: 500 }, (_, i) => `junk${i}=1`).join('&');
    const { ignored } = await decodeOk(`${BASE}&${many}`);
    expect(ignored).toHaveLength(LINK_LIMITS.issues + 1);
    expect(ignored.at(-1)).toEqual({ key: '(link)', reason: '450 more keys ignored' });
  });
});

describe('properties: decodeLink never throws and always returns a valid experiment', () => {
  it('for arbitrary strings', async () => {
    const chars = fc.constantFrom(...'v=1&problem=rosenbrock.r0opt=sgdlabel%3C>#zZ-_,0123456789eE+-.NaNInfinity'.split(''));
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: chars, maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 })), async (s) => {
      await decodeOk(s);
    }), { numRuns: 1500 });
  });

  it('for valid links with one key replaced, dropped or duplicated', async () => {
    const junk = fc.oneof(fc.constantFrom('', 'NaN', '-1', '1e308', '-Infinity', '<b>x</b>', 'random', 'true', '%', '0,0', 'x'.repeat(100)), fc.string({ maxLength: 20 }));
    await fc.assert(fc.asyncProperty(experimentArb, fc.nat(), junk, fc.constantFrom('replace', 'drop', 'duplicate'), async (exp, at, value, how) => {
      const parts = (await encodeLink(exp)).split('&');
      const i = at % parts.length;
      const key = parts[i].split('=')[0];
      if (how === 'drop') parts.splice(i, 1);
      else if (how === 'replace') parts[i] = `${key}=${encodeURIComponent(value)}`;
      else parts.push(`${key}=${encodeURIComponent(value)}`);
      const { ignored } = await decodeOk(parts.join('&'));
      // A duplicated key never changes the experiment; the first one wins.
      if (how === 'duplicate') expect(keysOf(ignored)).toContain(key);
    }), { numRuns: 300 });
  });
});
