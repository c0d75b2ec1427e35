import { describe, expect, it } from 'vitest';
import { makeMacrotask } from './macrotask';

describe('makeMacrotask', () => {
  it('runs functions later, in order, each in its own task', async () => {
    const later = makeMacrotask();
    const seen: number[] = [];
    await new Promise<void>((done) => {
      later(() => seen.push(1));
      later(() => {
        seen.push(2);
        later(() => {
          seen.push(4);
          done();
        });
      });
      seen.push(0); // synchronous code first
      later(() => seen.push(3));
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('is not clamped like nested setTimeout(fn, 0): 200 nested yields take well under 200 ms', async () => {
    const later = makeMacrotask();
    const t0 = performance.now();
    await new Promise<void>((done) => {
      let k = 0;
      const next = () => (++k < 200 ? later(next) : done());
      later(next);
    });
    // Nested timers would take ≥ 1 ms each in Node (≥ 4 ms in browsers): ≥ 200 ms.
    expect(performance.now() - t0).toBeLessThan(150);
  });
});
