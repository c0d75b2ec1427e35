/**
 * Axis ranges of the curve views that change rarely while runs stream. Plotly draws the axes; the
 * curves live on a canvas (liveLayer.ts), so a new range costs a Plotly relayout, and an autorange
 * following every new point would cost one per frame. Instead the x axis spans the runs' planned
 * length, and a value range only grows, in coarse steps: a log axis by whole decades, a linear axis
 * with a tenth of its span to spare. A fresh load or reset starts again from the data.
 */

/** Smallest of 1, 2, 5 × 10^k at or above v (v > 0). */
export function niceCeil(v: number): number {
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * e >= v * (1 - 1e-12)) return m * e;
  return 10 * e;
}

/**
 * The x range of iteration or epoch data from `first` to `last`. `cap`, where the runs will stop (their
 * planned length), when known: the axis spans the whole run from the start, so it stands still while
 * the curves grow into it (and the curve's reach shows how far the run has got). Without one, the
 * axis grows to the next 1–2–5 number.
 */
export function iterationRange(current: readonly number[] | null, first: number, last: number, cap?: number): [number, number] {
  const lo = Math.min(0, first);
  if (cap !== undefined && Number.isFinite(cap) && cap > lo && cap >= last) return [lo, cap];
  if (current && current[0] <= lo && current[1] >= last) return [current[0], current[1]];
  const hi = last > 0 ? niceCeil(last) : 1;
  return [lo, Math.max(hi, current?.[1] ?? -Infinity)];
}

/**
 * The value range for data in [lo, hi]: Plotly's units (log₁₀ of the ends for a log axis). Kept while
 * it holds the data; otherwise grown to hold it (whole decades on a log axis, 10 % of the span spare on
 * a linear one). lo > 0 for a log axis.
 */
export function valueRange(current: readonly number[] | null, lo: number, hi: number, log: boolean): [number, number] {
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    if (current && current[0] <= a && current[1] >= b) return [current[0], current[1]];
    // A point on a decade line would sit on the frame: a twentieth of a decade clear of it.
    let r0 = Math.floor(a - 0.05);
    let r1 = Math.ceil(b + 0.05);
    if (current) {
      r0 = Math.min(r0, current[0]);
      r1 = Math.max(r1, current[1]);
    }
    return [r0, r1];
  }
  if (current && current[0] <= lo && current[1] >= hi) return [current[0], current[1]];
  const a = Math.min(lo, current?.[0] ?? lo);
  const b = Math.max(hi, current?.[1] ?? hi);
  const pad = 0.1 * (b - a || Math.abs(a) || 1);
  return [current && current[0] <= lo ? current[0] : a - pad, current && current[1] >= hi ? current[1] : b + pad];
}
