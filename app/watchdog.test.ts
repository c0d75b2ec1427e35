import { describe, expect, it } from 'vitest';
import { HANG_MS, PING_MS, Watchdog } from './watchdog';

describe('Watchdog', () => {
  it('stays quiet while the worker answers between pings', () => {
    const w = new Watchdog(0);
    for (let t = PING_MS; t < 10 * HANG_MS; t += PING_MS) {
      expect(w.check(t)).toBeNull();
      expect(w.heard(t + 5)).toBeNull();
    }
    expect(w.hung).toBe(false);
  });

  it('reports a silent worker once, past HANG_MS, and says when it answers again', () => {
    const w = new Watchdog(1000);
    expect(w.check(1000 + HANG_MS - 1)).toBeNull();
    expect(w.check(1000 + HANG_MS)).toEqual({ type: 'hung', silentMs: HANG_MS });
    expect(w.hung).toBe(true);
    expect(w.check(1000 + 3 * HANG_MS)).toBeNull();
    expect(w.heard(1000 + 3 * HANG_MS + 1)).toEqual({ type: 'answering' });
    expect(w.hung).toBe(false);
    // And can report again after another silence.
    expect(w.check(1000 + 4 * HANG_MS + 1)).toEqual({ type: 'hung', silentMs: HANG_MS });
  });

  it('takes its limit from the constructor', () => {
    const w = new Watchdog(0, 500);
    expect(w.check(499)).toBeNull();
    expect(w.check(500)).toEqual({ type: 'hung', silentMs: 500 });
  });
});
