/**
 * Long sessions, worker side (issue 7): with `record: "all"` the worker's memory stays bounded however
 * long it trains: rows are dropped once streamed, and thinned while the page acknowledges nothing (a
 * hidden tab). Training itself never waits for the page.
 */
import { describe, expect, it } from 'vitest';
import { Recorder } from '../run/recorder';
import { Runner } from '../run/runner';
import { MAX_FRAME_POINTS, Session, UNSENT_MAX, type Clock } from '../worker/session';
import { decodeFrame } from '../worker/frame';
import type { FromWorker } from '../worker/protocol';
import type { Experiment } from '../experiment/types';

describe('Recorder.thin', () => {
  it('keeps rows before `from`, every other row after it, and always the last', () => {
    const r = new Recorder(2, 4);
    for (let t = 0; t < 11; t++) r.push(t, 10 * t, t, t, t, Float64Array.of(t, -t));
    r.thin(3);
    expect(Array.from(r.step.subarray(0, r.length))).toEqual([0, 1, 2, 3, 5, 7, 9, 10]);
    expect(Array.from(r.loss.subarray(0, r.length))).toEqual([0, 10, 20, 30, 50, 70, 90, 100]);
    expect(Array.from(r.params.subarray(0, 2 * r.length))).toEqual([0, -0, 1, -1, 2, -2, 3, -3, 5, -5, 7, -7, 9, -9, 10, -10]);
  });
});

const long: Experiment = { version: 1, problem: 'rosenbrock', runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 1e-4 } }, { label: 'Adam', optimizer: 'adam', hyper: { lr: 1e-3 } }], steps: 10_000_000, record: 'all' };

function harness() {
  const queue: (() => void)[] = [];
  let now = 0;
  const clock: Clock = { now: () => (now += 1), later: (fn) => void queue.push(fn) };
  const msgs: FromWorker[] = [];
  const s = new Session((m) => void msgs.push(m), clock);
  const runner = () => (s as unknown as { runner: Runner }).runner;
  const tick = () => (queue.shift() as () => void)();
  return { s, msgs, runner, tick, queue };
}

describe('worker memory in a long streaming run', () => {
  it('a page that never acknowledges (hidden tab): training goes on, unsent rows stay bounded', () => {
    const h = harness();
    h.s.handle({ type: 'load', gen: 1, experiment: long });
    h.s.handle({ type: 'play', gen: 1 });
    let most = 0;
    while (h.runner().runs[0].t < 1_000_000) {
      h.tick();
      for (const r of h.runner().runs) most = Math.max(most, r.recorder.length);
    }
    for (const r of h.runner().runs) expect(r.recorder.capacity).toBeLessThanOrEqual(2 ** Math.ceil(Math.log2(4 * UNSENT_MAX))); // power-of-two growth
    expect(h.runner().runs.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(most).toBeLessThanOrEqual(UNSENT_MAX + 1); // the load frame's row, then at most UNSENT_MAX unsent
    // The page comes back: the next frame holds at most MAX_FRAME_POINTS per run, ending at the current step.
    const framesBefore = h.msgs.filter((m) => m.type === 'frame').length;
    h.s.handle({ type: 'ack', gen: 1 });
    const frames = h.msgs.filter((m) => m.type === 'frame') as Extract<FromWorker, { type: 'frame' }>[];
    expect(frames.length).toBe(framesBefore + 1);
    const f = frames[frames.length - 1];
    const pts = decodeFrame(f.buffer, f.counts, f.dim);
    expect(f.counts[0]).toBeLessThanOrEqual(MAX_FRAME_POINTS);
    expect(pts[0].step[pts[0].step.length - 1]).toBe(h.runner().runs[0].t);
    for (let i = 1; i < pts[0].step.length; i++) expect(pts[0].step[i]).toBeGreaterThan(pts[0].step[i - 1]);
  });

  it('a page that acknowledges every frame receives increasing steps up to the last, and the worker keeps only what is unsent', () => {
    const h = harness();
    h.s.handle({ type: 'load', gen: 1, experiment: { ...long, steps: 200_000 } });
    h.s.handle({ type: 'play', gen: 1 });
    let prev = -1;
    let received = 0;
    let most = 0;
    let seen = 0;
    while (h.queue.length || seen < h.msgs.length) {
      if (seen === h.msgs.length) h.tick();
      if (seen === h.msgs.length) continue;
      const last = h.msgs[seen++];
      if (last.type === 'frame') {
        const pts = decodeFrame(last.buffer, last.counts, last.dim);
        for (const s of pts[0].step) {
          expect(s).toBeGreaterThan(prev);
          prev = s;
          received++;
        }
        h.s.handle({ type: 'ack', gen: 1, buffer: last.buffer });
      }
      most = Math.max(most, h.runner().runs[0].recorder.length);
    }
    expect(h.runner().runs[0].status).toBe('done');
    expect(prev).toBe(200_000);
    expect(received).toBeGreaterThan(1000); // at full speed a frame thins what piled up since the last
    expect(most).toBeLessThanOrEqual(UNSENT_MAX);
  });
});
