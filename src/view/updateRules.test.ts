import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { OPTIMIZER_IDS, withDefaults } from '../optim/aliases';
import { RULES, texNumber, updateRuleTex } from './updateRules';

describe('update rules', () => {
  it('has a rule for every optimizer id of the table, and each typesets with KaTeX (strict)', () => {
    expect(Object.keys(RULES).sort()).toEqual([...OPTIMIZER_IDS].sort());
    for (const id of OPTIMIZER_IDS) {
      const { rule, live } = updateRuleTex(id, withDefaults(id), { stepSize: 0.01, t: 3 });
      expect(rule.length, id).toBeGreaterThan(0);
      expect(live.length, id).toBe(rule.length + 1);
      for (const tex of [...rule, ...live]) expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error' }), `${id}: ${tex}`).not.toThrow();
    }
  });

  it('formats numbers for TeX', () => {
    expect(texNumber(0.001)).toBe('0.001');
    expect(texNumber(0.277)).toBe('0.277');
    expect(texNumber(1e-8)).toBe('10^{-8}');
    expect(texNumber(1.5e-7)).toBe('1.5 \\times 10^{-7}');
    expect(texNumber(-2.5e6)).toBe('-2.5 \\times 10^{6}');
    expect(texNumber(123.456789)).toBe('123.5');
    expect(texNumber(Infinity)).toBe('\\infty');
    expect(texNumber(0)).toBe('0');
    expect(texNumber(NaN)).toBe('\\mathrm{NaN}');
  });

  it("puts the run's values in: SGD with momentum and Nesterov, Adam's betas, the live step size", () => {
    const sgd = updateRuleTex('sgd', withDefaults('sgd', { lr: 0.1, momentum: 0.9, nesterov: true }), { stepSize: 0.1, t: 7 });
    expect(sgd.rule).toEqual(['b_t = \\mu\\,b_{t-1} + (1 - \\tau)\\,g_t \\quad (b_1 = g_1)', '\\theta_t = \\theta_{t-1} - \\gamma\\,(g_t + \\mu\\,b_t)']);
    expect(sgd.live).toEqual([
      'b_t = 0.9\\,b_{t-1} + (1 - 0)\\,g_t \\quad (b_1 = g_1)',
      '\\theta_t = \\theta_{t-1} - 0.1\\,(g_t + 0.9\\,b_t)',
      '\\text{step } t = 7:\\ \\gamma_t = 0.1',
    ]);
    const plain = updateRuleTex('sgd', withDefaults('sgd', { lr: 0.05 }), { stepSize: null, t: 0 });
    expect(plain.live).toEqual(['\\theta_t = \\theta_{t-1} - 0.05\\,g_t']);
    const adam = updateRuleTex('adam', withDefaults('adam', { betas: [0.5, 0.99], weight_decay: 0.1 }), { stepSize: 0.001, t: 1 });
    expect(adam.live[0]).toBe('g_t \\leftarrow g_t + 0.1\\,\\theta_{t-1}');
    expect(adam.live[1]).toContain('m_t = 0.5\\,m_{t-1} + (1 - 0.5)\\,g_t');
    expect(adam.live[2]).toContain('\\sqrt{\\hat v_t} + 10^{-8}');
    expect(adam.rule[1]).toContain('\\beta_1');
    const polyak = updateRuleTex('polyak', withDefaults('polyak'), { stepSize: 23.5, t: 40 });
    expect(polyak.live.at(-1)).toBe('\\text{step } t = 40:\\ \\gamma_t = 23.5');
    expect(polyak.live[0]).toContain('\\infty');
  });

  it('answers an unknown id (even an Object.prototype name) with a note, not a throw', () => {
    for (const id of ['adamax', '__proto__', 'constructor']) expect(updateRuleTex(id, {}, { stepSize: null, t: 0 })).toEqual({ rule: ['\\text{(no rule for this optimizer)}'], live: [] });
  });

  it('never puts anything but its templates and formatted numbers in the TeX', () => {
    const hostile = { lr: '\\href{javascript:alert(1)}{x}' } as unknown as Record<string, number>;
    const { live } = updateRuleTex('sgd', hostile, { stepSize: null, t: 0 });
    expect(live.join(' ')).not.toContain('href');
    expect(live).toEqual(['\\theta_t = \\theta_{t-1} - \\gamma\\,g_t']);
  });
});
