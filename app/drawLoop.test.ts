/**
 * The draw loop's pacing: a frame's drawing budget, the rest after an expensive frame, the order in
 * which deferred views run, and when the acks (afterDraw callbacks) fire. Animation frames and the
 * clock are simulated: each drawer "costs" time by advancing the fake clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Loop = typeof import('./drawLoop');

let now = 0;
let frames: (() => void)[] = [];
let loop: Loop;

/** Runs the animation frame callbacks queued so far, at `now`. */
function tick(): void {
  const due = frames;
  frames = [];
  for (const f of due) f();
}

/** A drawer that costs `ms` of clock and logs its name. */
function drawer(log: string[], name: string, ms: number): () => void {
  return () => {
    log.push(name);
    now += ms;
  };
}

beforeEach(async () => {
  now = 1000;
  frames = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.stubGlobal('performance', { now: () => now });
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => {
    frames.push(f);
    return frames.length;
  });
  vi.resetModules();
  loop = await import('./drawLoop');
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('drawLoop', () => {
  it('runs cheap drawers all in one frame, then the acks', () => {
    const log: string[] = [];
    loop.onDraw(drawer(log, 'a', 1));
    loop.onDraw(drawer(log, 'b', 1));
    tick(); // the registrations' own pass
    log.length = 0;
    now += 100;
    const acks: number[] = [];
    loop.requestDraw(() => acks.push(1));
    tick();
    expect(log).toEqual(['a', 'b']);
    expect(acks).toEqual([1]);
  });

  it('spreads expensive drawers over frames, resting between, and acks once all have drawn', () => {
    const log: string[] = [];
    for (const name of ['contour', 'loss', 'step']) loop.onDraw(drawer(log, name, 20));
    const acks: string[] = [];
    loop.requestDraw(() => acks.push('ack'));
    tick();
    // Over budget after the first: one view per frame.
    expect(log).toEqual(['contour']);
    expect(acks).toEqual([]);
    // A frame 10 ms later falls in the rest (2 × 20 ms after a 20 ms frame): it only ticks.
    now += 10;
    tick();
    expect(log).toEqual(['contour']);
    now += 30;
    tick();
    expect(log).toEqual(['contour', 'loss']);
    expect(acks).toEqual([]);
    now += 40;
    tick();
    expect(log).toEqual(['contour', 'loss', 'step']);
    expect(acks).toEqual(['ack']);
  });

  it('caps the rest after one very expensive frame', () => {
    const log: string[] = [];
    loop.onDraw(drawer(log, 'first', 500));
    tick();
    expect(log).toEqual(['first']);
    loop.requestDraw();
    now += loop.FRAME_BUDGET_MS; // well inside 2 × 500 ms, but past the cap
    tick();
    expect(log).toEqual(['first']);
    now += 200;
    tick();
    expect(log).toEqual(['first', 'first']);
  });

  it('runs a deferred view before the others when new draws keep coming (no starvation)', () => {
    const log: string[] = [];
    for (const name of ['a', 'b', 'c']) loop.onDraw(drawer(log, name, 10));
    for (let k = 0; k < 9; k++) {
      now += 100; // past any rest
      loop.requestDraw(); // a new worker frame before every animation frame
      tick();
    }
    expect(log.slice(0, 6)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(log.filter((x) => x === 'c').length).toBe(3);
  });

  it('runs a drawer that asks for a draw while drawing again in a later frame, not in a loop', () => {
    const log: string[] = [];
    let again = 2;
    loop.onDraw(() => {
      log.push('x');
      if (again-- > 0) loop.requestDraw();
    });
    tick();
    expect(log).toEqual(['x']);
    now += 100;
    tick();
    now += 100;
    tick();
    now += 100;
    tick();
    expect(log).toEqual(['x', 'x', 'x']);
    expect(frames).toEqual([]);
  });

  it('drawNext runs one view first in the very next frame, without waiting out the rest', () => {
    const log: string[] = [];
    const base = drawer(log, 'base', 150);
    const overlay = drawer(log, 'overlay', 5);
    loop.onDraw(base);
    loop.onDraw(drawer(log, 'loss', 20));
    loop.onDraw(overlay);
    tick();
    expect(log).toEqual(['base']); // 150 ms: over budget, and a rest of 200 ms follows
    now += 16;
    loop.drawNext(overlay);
    tick();
    expect(log).toEqual(['base', 'overlay', 'loss']);
    // A drawer that is not registered is ignored.
    loop.drawNext(() => log.push('stranger'));
    now += 300;
    tick();
    expect(log).not.toContain('stranger');
  });

  it('keeps acking when a drawer throws', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const log: string[] = [];
    loop.onDraw(() => {
      throw new Error('broken view');
    });
    loop.onDraw(drawer(log, 'ok', 1));
    const acks: number[] = [];
    loop.requestDraw(() => acks.push(1));
    tick();
    expect(log).toEqual(['ok']);
    expect(acks).toEqual([1]);
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('still draws when no animation frame comes (the fallback timer)', () => {
    const log: string[] = [];
    loop.onDraw(drawer(log, 'a', 1));
    vi.advanceTimersByTime(100);
    expect(log).toEqual(['a']);
  });

  it('forgets a removed drawer that was waiting for its frame', () => {
    const log: string[] = [];
    loop.onDraw(drawer(log, 'a', 20));
    const stop = loop.onDraw(drawer(log, 'b', 20));
    tick();
    expect(log).toEqual(['a']);
    stop();
    const acks: number[] = [];
    loop.requestDraw(() => acks.push(1));
    now += 100;
    tick();
    expect(log).toEqual(['a', 'a']);
    expect(acks).toEqual([1]);
  });
});
