/**
 * What the views show, to and from the link (keys `views`, `x`, `internals`, `slice`, `sliceAt`:
 * src/link/viewPrefs.ts, docs/links.md). The decoder checks each value; only the page knows the
 * loaded problem's dimension, so whether a linked slice exists is checked here, once it has loaded.
 */
import { encodeViewPrefs, type LinkIssue, type LinkViewPrefs, type ProblemInfo } from '../../src/index';
import { showInternals } from '../session';
import { useStore } from '../store';
import { usePrefs, type ViewPrefs } from './prefs';

/** Can the loaded problem show the slice `axes`? Same rule as the slice selector (ViewSlot's SliceAxes). */
export function sliceIssue(info: ProblemInfo, axes: readonly [number, number]): LinkIssue | null {
  if (info.path !== 'float64' || !info.contour || info.dim <= 2) {
    return { key: 'slice', reason: `${info.id} has no slice to choose (only the contour of a problem with more than two parameters has); ignored` };
  }
  const bad = axes.find((j) => j >= info.dim);
  if (bad !== undefined) return { key: 'slice', reason: `parameter ${bad} is out of range (${info.id} has parameters 0 … ${info.dim - 1}); ignored` };
  return null;
}

/** The page's prefs as link prefs. A slice the loaded problem cannot show is left out (kept while loading). */
export function linkedPrefs(): LinkViewPrefs {
  const p = usePrefs.getState();
  const info = useStore.getState().info;
  const slice = p.sliceAxes && (!info || !sliceIssue(info, p.sliceAxes)) ? p.sliceAxes : null;
  const [a, b, c] = p.slots;
  return { views: [a, b, c], xAxis: p.xAxis, internals: p.internals, slice, sliceAt: p.sliceAt };
}

/** The link pairs of what the views show now ('' when everything is the default). */
export const encodeLinkedPrefs = (): string => encodeViewPrefs(linkedPrefs());

/** Whether a pref the link holds changed (the hash follows). */
export function linkedPrefsChanged(a: ViewPrefs, b: ViewPrefs): boolean {
  return a.slots !== b.slots || a.xAxis !== b.xAxis || a.internals !== b.internals || a.sliceAxes !== b.sliceAxes || a.sliceAt !== b.sliceAt;
}

/** Shows what a link's views show (the internals are also asked of the worker, as the check box does). */
export function applyLinkedPrefs(p: LinkViewPrefs): void {
  usePrefs.setState({ slots: [...p.views], xAxis: p.xAxis, internals: p.internals, sliceAxes: p.slice && [p.slice[0], p.slice[1]], sliceAt: p.sliceAt });
  showInternals(p.internals);
}

let stopSliceCheck: (() => void) | null = null;

/**
 * Once the next load lands, checks the linked slice against the problem; if it cannot be shown, the
 * selector goes back to the problem's default pair and `report` gets the reason (for the link notice).
 * Call after the load was sent; a newer call cancels an older check.
 */
export function checkSliceOnLoad(slice: [number, number] | null, report: (issue: LinkIssue) => void): void {
  stopSliceCheck?.();
  stopSliceCheck = null;
  if (!slice) return;
  const stop = useStore.subscribe((s, prev) => {
    if (s.invalid.length || s.workerError) return done();
    if (!s.info || prev.info) return; // the load's info arrives after the load cleared the old one
    done();
    const issue = sliceIssue(s.info, slice);
    if (!issue) return;
    const now = usePrefs.getState().sliceAxes;
    if (now && now[0] === slice[0] && now[1] === slice[1]) usePrefs.setState({ sliceAxes: null });
    report(issue);
  });
  function done(): void {
    stop();
    stopSliceCheck = null;
  }
  stopSliceCheck = done;
}
