import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink } from './index';
import type { Experiment } from '../experiment/types';

describe('typed objectives in links', () => {
  it('round-trips the expression key', async () => {
    const e: Experiment = { version: 1, problem: 'expression', expression: '(1.5-x+x*y)^2 + (2.25-x+x*y^2)^2', runs: [{ label: 'Adam', optimizer: 'adam' }] };
    const back = await decodeLink(await encodeLink(e));
    expect(back.ignored).toEqual([]);
    expect(back.experiment).toEqual(e);
  });

  it('drops a hostile or misplaced expression with a reason naming the key', async () => {
    const bad = await decodeLink('#v=1&problem=expression&expr=' + encodeURIComponent('alert(1)') + '&r0.opt=sgd');
    expect(bad.ignored.map((i) => i.key)).toContain('expr');
    expect(bad.experiment.expression).toBeUndefined();
    const misplaced = await decodeLink('#v=1&problem=rosenbrock&expr=' + encodeURIComponent('x^2+y^2') + '&r0.opt=sgd');
    expect(misplaced.ignored).toEqual([{ key: 'expr', reason: 'only problem "expression" takes a typed objective; ignored' }]);
  });
});
