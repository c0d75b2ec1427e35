/** What a link's views show (views, x, internals, slice, sliceAt): validated per key, defaults left out. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../presets/presets';
import { DEFAULT_SLOTS, VIEW_IDS } from '../view/viewIds';
import { DEFAULT_VIEW_PREFS, decodeLink, encodeLink, encodeViewPrefs, type LinkViewPrefs } from './index';

const BASE = 'v=1&problem=rosenbrock&steps=100&r0.opt=adam';
const prefsOf = async (keys: string) => (await decodeLink(`${BASE}&${keys}`)).viewPrefs;
const issuesOf = async (keys: string) => (await decodeLink(`${BASE}&${keys}`)).ignored;

describe('view prefs of a link', () => {
  it('reads every key without touching the experiment or reporting them as unknown', async () => {
    const plain = await decodeLink(BASE);
    const d = await decodeLink(`${BASE}&views=fit,inspector,loss&x=epoch&internals=1&slice=0,2&sliceAt=run`);
    expect(d.viewPrefs).toEqual({ views: ['fit', 'inspector', 'loss'], xAxis: 'epoch', internals: true, slice: [0, 2], sliceAt: 'run' });
    expect(d.ignored).toEqual(plain.ignored);
    expect(d.experiment).toEqual(plain.experiment);
    expect(plain.viewPrefs).toEqual({ views: ['contour', 'loss', 'stepSize'], xAxis: 'iteration', internals: false, slice: null, sliceAt: 'optimum' });
  });

  it('round-trips through encodeViewPrefs appended to an experiment link', async () => {
    const prefs: LinkViewPrefs = { views: ['params', 'contour', 'gap'], xAxis: 'epoch', internals: true, slice: [3, 1], sliceAt: 'run' };
    const { experiment } = await decodeLink(BASE);
    const keys = encodeViewPrefs(prefs);
    expect(keys).toBe('views=params,contour,gap&x=epoch&internals=1&slice=3,1&sliceAt=run');
    const back = await decodeLink(`${await encodeLink(experiment)}&${keys}`);
    expect(back.viewPrefs).toEqual(prefs);
    expect(back.ignored).toEqual([]);
    expect(back.experiment).toEqual(experiment);
  });

  it('writes only what differs from the defaults', () => {
    expect(encodeViewPrefs(DEFAULT_VIEW_PREFS)).toBe('');
    expect(encodeViewPrefs({ ...DEFAULT_VIEW_PREFS, xAxis: 'epoch' })).toBe('x=epoch');
    expect(encodeViewPrefs({ ...DEFAULT_VIEW_PREFS, views: ['contour', 'stepSize', 'loss'] })).toBe('views=contour,stepSize,loss');
    expect(encodeViewPrefs({ ...DEFAULT_VIEW_PREFS, sliceAt: 'run', internals: false })).toBe('sliceAt=run');
    expect(DEFAULT_VIEW_PREFS.views).toEqual([...DEFAULT_SLOTS]);
  });

  it('reproduces every preset\'s views and x axis', async () => {
    for (const p of PRESETS) {
      const prefs: LinkViewPrefs = { ...DEFAULT_VIEW_PREFS, views: p.views ?? [...DEFAULT_SLOTS], xAxis: p.xAxis ?? 'iteration' };
      const d = await decodeLink(`${await encodeLink(p.experiment)}&${encodeViewPrefs(prefs)}`);
      expect(d.viewPrefs, p.id).toEqual(prefs);
      for (const v of p.views ?? []) expect(VIEW_IDS, p.id).toContain(v);
    }
  });

  it('reports an unknown or repeated view by key and value, and fills its slot with a free view', async () => {
    const d = await decodeLink(`${BASE}&views=loss,bogus,<b>x</b>`);
    // slot 2's default (loss) is taken by slot 1, so it gets the first free view; slot 3 its default
    expect(d.viewPrefs.views).toEqual(['loss', 'contour', 'stepSize']);
    expect(d.ignored).toEqual([
      { key: 'views', reason: `unknown view "bogus" in slot 2 (known: ${VIEW_IDS.join(', ')}); slot 2 shows contour` },
      { key: 'views', reason: `unknown view "<b>x</b>" in slot 3 (known: ${VIEW_IDS.join(', ')}); slot 3 shows stepSize` },
    ]);
    const twice = await decodeLink(`${BASE}&views=fit,fit,gap`);
    expect(twice.viewPrefs.views).toEqual(['fit', 'loss', 'gap']);
    expect(twice.ignored).toEqual([{ key: 'views', reason: '"fit" is named twice (a view shows in one slot); slot 2 shows loss' }]);
  });

  it('ignores a list of another length than three, naming the count', async () => {
    expect(await prefsOf('views=fit,loss')).toEqual(DEFAULT_VIEW_PREFS);
    expect(await issuesOf('views=fit,loss')).toEqual([{ key: 'views', reason: 'must name 3 views (one per slot, e.g. contour,loss,stepSize), got 2 items; ignored' }]);
    expect(await issuesOf('views=')).toEqual([{ key: 'views', reason: expect.stringMatching(/got 1 items; ignored$/) }]);
    const hostile = await decodeLink(`${BASE}&views=${Array.from({ length: 100_000 }, () => 'loss').join(',')}`);
    expect(hostile.viewPrefs.views).toEqual([...DEFAULT_SLOTS]);
    expect(hostile.ignored).toEqual([{ key: 'views', reason: expect.stringMatching(/got 100000 items; ignored$/) }]);
  });

  it('drops each bad value with a message naming the key and the value', async () => {
    const cases: [string, string][] = [
      ['x=epochs', 'unknown x axis "epochs" (known: iteration, epoch); ignored'],
      ['internals=on', 'must be true or false, got "on"; ignored'],
      ['slice=0', 'must be two parameter indices i,j (e.g. 0,2), got "0"; ignored'],
      ['slice=-1,2', 'must be two parameter indices i,j (e.g. 0,2), got "-1,2"; ignored'],
      ['slice=0,1,2', 'must be two parameter indices i,j (e.g. 0,2), got "0,1,2"; ignored'],
      ['slice=99999,1', 'must be two parameter indices i,j (e.g. 0,2), got "99999,1"; ignored'],
      ['slice=2,02', 'must name two different parameters, got "2,02"; ignored'],
      ['sliceAt=start', 'unknown place "start" (known: optimum, run); ignored'],
    ];
    for (const [keys, reason] of cases) {
      const key = keys.split('=')[0];
      expect(await issuesOf(keys), keys).toEqual([{ key, reason }]);
      expect(await prefsOf(keys), keys).toEqual(DEFAULT_VIEW_PREFS);
    }
    // a long value is shown shortened, odd characters as JSON text
    const long = await issuesOf(`x=${'<script>'.repeat(1000)}`);
    expect(long).toHaveLength(1);
    expect(long[0].reason.length).toBeLessThan(100);
  });

  it('never throws, and keeps the other keys, when every key is hostile at once', async () => {
    const junk = `views=${'%00,'.repeat(5000)}&x=%E2%80%AE&internals=${'1'.repeat(10_000)}&slice=%20,%20&sliceAt=__proto__`;
    const d = await decodeLink(`${BASE}&${junk}&views=fit,loss,gap`);
    expect(d.viewPrefs).toEqual(DEFAULT_VIEW_PREFS);
    expect(d.ignored.map((i) => i.key)).toEqual(['views', 'views', 'x', 'internals', 'slice', 'sliceAt']);
    expect(d.ignored[0].reason).toBe('appears more than once; the first one is used');
    expect(d.ignored[1].reason).toMatch(/got 5001 items; ignored$/);
    expect(d.ignored[5].reason).toBe('unknown place "__proto__" (known: optimum, run); ignored');
    expect(d.experiment.problem).toBe('rosenbrock');
  });
});
