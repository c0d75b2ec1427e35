/**
 * What a link's views show (docs/links.md, "What the views show"): the view in each slot, the curves'
 * x axis, the contour's optimizer internals and the 2-D slice of a problem with more than two
 * parameters. Like the view flags (view.ts) they are how the page is shown, not what it runs: they
 * never change the experiment, and only values other than the defaults are written, so a link of a
 * page left as it opened stays short.
 *
 *   views=fit,inspector,loss   the three slots (large left, then the two on the right)
 *   x=epoch                    the curves' x axis
 *   internals=1                −∇f, momentum and step arrows on the contour
 *   slice=0,2                  the two parameters the contour shows
 *   sliceAt=run                the other parameters held at the selected run's point (else at θ*)
 *
 * Each key is validated on its own and a bad one is reported by key; whether `slice`'s indices exist
 * depends on the loaded problem's dimension, which only the page knows (app/link.ts checks it).
 */
import { DEFAULT_SLOTS, VIEW_IDS, type ViewId } from '../view/viewIds';
import { bool, oneOf, show } from './codecs';
import type { Issues } from './issues';
import type { Pairs } from './migrations';

export const X_AXES = ['iteration', 'epoch'] as const;
export const SLICE_AT = ['optimum', 'run'] as const;

export interface LinkViewPrefs {
  /** The view in each of the three slots. */
  views: [ViewId, ViewId, ViewId];
  xAxis: (typeof X_AXES)[number];
  internals: boolean;
  /** Parameter indices on the contour's x and y (null: the problem's default pair). */
  slice: [number, number] | null;
  sliceAt: (typeof SLICE_AT)[number];
}

export const DEFAULT_VIEW_PREFS: Readonly<LinkViewPrefs> = Object.freeze({
  views: [...DEFAULT_SLOTS] as [ViewId, ViewId, ViewId],
  xAxis: 'iteration',
  internals: false,
  slice: null,
  sliceAt: 'optimum',
});

/** The keys, for docs and collision checks (view.ts lists them with the flags in VIEW_KEYS). */
export const VIEW_PREF_KEYS = [
  { key: 'views', default: DEFAULT_SLOTS.join(','), doc: `the three view slots, comma-separated (large left, then the right two): ${VIEW_IDS.join(', ')}` },
  { key: 'x', default: 'iteration', doc: '`epoch`: the curves\' x axis in epochs (`iteration` the default)' },
  { key: 'internals', default: 'false', doc: '`1`: optimizer internals on the contour (−∇f, momentum and step arrows, Armijo trial points)' },
  { key: 'slice', default: '—', doc: '`i,j`: the two parameters (0-based, different) the contour of a problem with more than two shows' },
  { key: 'sliceAt', default: 'optimum', doc: '`run`: the other parameters of the slice held at the selected run\'s point (`optimum`: at θ*)' },
] as const;

/** A parameter index of `slice`: at most 4 digits (no problem has 10 000 parameters on a contour). */
const SLICE = /^(\d{1,4}),(\d{1,4})$/;

const xAxisCodec = oneOf(X_AXES, 'x axis');
const sliceAtCodec = oneOf(SLICE_AT, 'place');

/** Takes the keys out of `pairs` (so they are not "unknown"), validating each; reports what was ignored. */
export function takeViewPrefs(pairs: Pairs, issues: Issues): LinkViewPrefs {
  const prefs: LinkViewPrefs = { ...DEFAULT_VIEW_PREFS, views: [...DEFAULT_VIEW_PREFS.views] };
  const take = (key: string) => {
    const text = pairs.get(key);
    pairs.delete(key);
    return text;
  };
  const views = take('views');
  if (views !== undefined) prefs.views = readViews(views, issues);
  const x = take('x');
  if (x !== undefined) {
    const d = xAxisCodec.decode(x);
    if (d.ok) prefs.xAxis = d.value;
    else issues.add('x', `${d.reason}; ignored`);
  }
  const internals = take('internals');
  if (internals !== undefined) {
    const d = bool.decode(internals);
    if (d.ok) prefs.internals = d.value;
    else issues.add('internals', `${d.reason}; ignored`);
  }
  const slice = take('slice');
  if (slice !== undefined) {
    const m = SLICE.exec(slice);
    if (!m) issues.add('slice', `must be two parameter indices i,j (e.g. 0,2), got ${show(slice)}; ignored`);
    else if (Number(m[1]) === Number(m[2])) issues.add('slice', `must name two different parameters, got ${show(slice)}; ignored`);
    else prefs.slice = [Number(m[1]), Number(m[2])];
  }
  const at = take('sliceAt');
  if (at !== undefined) {
    const d = sliceAtCodec.decode(at);
    if (d.ok) prefs.sliceAt = d.value;
    else issues.add('sliceAt', `${d.reason}; ignored`);
  }
  return prefs;
}

/**
 * The three slots of `views=`. A list of another length is ignored whole (which slot would an item
 * fill?). An unknown or repeated view leaves its slot to the default view of that slot (or, if that
 * one is taken, the first free view), so a link from a later version with a new view still opens the
 * other two.
 */
function readViews(text: string, issues: Issues): [ViewId, ViewId, ViewId] {
  const items = text.split(',').map((s) => s.trim());
  if (items.length !== 3) {
    issues.add('views', `must name 3 views (one per slot, e.g. ${DEFAULT_SLOTS.join(',')}), got ${items.length} items; ignored`);
    return [...DEFAULT_SLOTS];
  }
  const known = new Set<string>(VIEW_IDS);
  const why: (string | null)[] = items.map((item, i) =>
    !known.has(item) ? `unknown view ${show(item)} in slot ${i + 1} (known: ${VIEW_IDS.join(', ')})`
      : items.indexOf(item) < i ? `${show(item)} is named twice (a view shows in one slot)` : null);
  const slots: (ViewId | null)[] = items.map((item, i) => (why[i] === null ? (item as ViewId) : null));
  for (let i = 0; i < 3; i++) {
    if (why[i] === null) continue;
    // At most three ids are taken, so a free one is always found.
    slots[i] = [DEFAULT_SLOTS[i], ...VIEW_IDS].find((v) => !slots.includes(v))!;
    issues.add('views', `${why[i]}; slot ${i + 1} shows ${slots[i]}`);
  }
  return slots as [ViewId, ViewId, ViewId];
}

/** The prefs as link pairs (`&`-joined; '' when all are the defaults). */
export function encodeViewPrefs(p: LinkViewPrefs): string {
  const parts: string[] = [];
  if (p.views.some((v, i) => v !== DEFAULT_SLOTS[i])) parts.push(`views=${p.views.join(',')}`);
  if (p.xAxis !== DEFAULT_VIEW_PREFS.xAxis) parts.push(`x=${p.xAxis}`);
  if (p.internals) parts.push('internals=1');
  if (p.slice) parts.push(`slice=${p.slice[0]},${p.slice[1]}`);
  if (p.sliceAt !== DEFAULT_VIEW_PREFS.sliceAt) parts.push(`sliceAt=${p.sliceAt}`);
  return parts.join('&');
}
