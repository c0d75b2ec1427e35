/** View flags of a link (lecture, embed, hide): validated per key, never part of the experiment. */
import { describe, expect, it } from 'vitest';
import { decodeLink, decodeViewFlags, encodeLink, encodeViewFlags } from './index';

const BASE = 'v=1&problem=rosenbrock&steps=100&r0.opt=adam';

describe('view flags', () => {
  it('reads lecture, embed and hide without touching the experiment or reporting them as unknown', async () => {
    const plain = await decodeLink(BASE);
    const flagged = await decodeLink(`${BASE}&lecture=1&embed=true&hide=controls,runs`);
    expect(flagged.view).toEqual({ lecture: true, embed: true, hide: ['controls', 'runs'] });
    expect(flagged.experiment).toEqual(plain.experiment);
    expect(flagged.ignored).toEqual(plain.ignored);
    expect(plain.view).toEqual({ lecture: false, embed: false, hide: [] });
  });

  it('drops a bad value and reports each unknown hide item by key, keeping the known ones', async () => {
    const d = await decodeLink(`${BASE}&lecture=yes&embed=0&hide=runs,<script>,controls,runs,bogus`);
    expect(d.view).toEqual({ lecture: false, embed: false, hide: ['runs', 'controls'] });
    const issues = d.ignored.filter((i) => ['lecture', 'embed', 'hide'].includes(i.key));
    expect(issues).toEqual([
      { key: 'lecture', reason: 'must be true or false, got "yes"; ignored' },
      { key: 'hide', reason: expect.stringMatching(/^unknown part "<script>" \(known: controls, .*\); ignored$/) },
      { key: 'hide', reason: expect.stringMatching(/^unknown part "bogus"/) },
    ]);
    expect(d.experiment.problem).toBe('rosenbrock');
  });

  it('cuts a hostile hide list', async () => {
    const d = await decodeLink(`${BASE}&hide=${Array.from({ length: 500 }, () => 'runs').join(',')}`);
    expect(d.view.hide).toEqual(['runs']);
    expect(d.ignored.some((i) => i.key === 'hide' && /500 items/.test(i.reason))).toBe(true);
  });

  it('round-trips through encodeViewFlags appended to an experiment link', async () => {
    const flags = { lecture: true, embed: false, hide: ['export' as const, 'status' as const] };
    const { experiment } = await decodeLink(BASE);
    const hash = `${await encodeLink(experiment)}&${encodeViewFlags(flags)}`;
    const back = await decodeLink(hash);
    expect(back.view).toEqual(flags);
    expect(back.experiment).toEqual(experiment);
    expect(decodeViewFlags(`#${hash}`)).toEqual(flags);
    expect(encodeViewFlags({ lecture: false, embed: false, hide: [] })).toBe('');
  });

  it('decodeViewFlags never throws on junk', () => {
    for (const junk of ['', '#', '%%%', 'lecture', 'lecture=%E0%A4%A', `hide=${'x'.repeat(3_000_000)}`]) {
      expect(() => decodeViewFlags(junk)).not.toThrow();
    }
    expect(decodeViewFlags('lecture=1&lecture=0')).toMatchObject({ lecture: true });
  });
});
