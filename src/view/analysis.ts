/**
 * Pure helpers of the page's analysis views (S10's loss landscape and seed sweeps, S13's β₁ × β₂
 * grid): reading the typed value lists, shaping the worker's flat arrays for the plots, thinning long
 * curves and placing finished grid cells. Framework-free and TF.js-free: the page calls them on what
 * the worker sent (`landscape`, `betaGrid`, `sweep` messages).
 */

export interface ListSpec {
  /** Smallest allowed value. */
  min: number;
  /** Largest allowed value (excluded when `maxExclusive`). */
  max: number;
  maxExclusive?: boolean;
  /** At most this many values. */
  maxCount: number;
}

export type ListResult = { ok: true; values: number[] } | { ok: false; error: string };

/**
 * A list of numbers typed by the user, separated by commas, semicolons or spaces ("0.7, 0.9 0.99"):
 * every value finite, in range and given once. The message names the first bad entry.
 */
export function parseNumberList(text: string, spec: ListSpec): ListResult {
  const tokens = text.split(/[\s,;]+/).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: false, error: 'give at least one value' };
  if (tokens.length > spec.maxCount) return { ok: false, error: `at most ${spec.maxCount} values (got ${tokens.length})` };
  const values: number[] = [];
  for (const t of tokens) {
    // Number('') and Number('0x10') are numbers; only plain decimal notation is a value here.
    const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(v)) return { ok: false, error: `"${t.slice(0, 20)}" is not a number` };
    const high = spec.maxExclusive ? v >= spec.max : v > spec.max;
    if (v < spec.min || high) return { ok: false, error: `${t} is outside [${spec.min}, ${spec.max}${spec.maxExclusive ? ')' : ']'}` };
    if (values.includes(v)) return { ok: false, error: `${t} is given twice` };
    values.push(v);
  }
  return { ok: true, values };
}

/**
 * A flat row-major grid z[j·nx + i] (row j along y, column i along x) as Plotly's z[j][i], with
 * log₁₀ of each value; values that have no logarithm (≤ 0, non-finite) become null (a gap).
 */
export function logRows(z: ArrayLike<number>, nx: number, ny: number): (number | null)[][] {
  if (z.length < nx * ny) throw new Error(`logRows: ${z.length} values for a ${nx}×${ny} grid`);
  return Array.from({ length: ny }, (_, j) =>
    Array.from({ length: nx }, (_, i) => {
      const v = z[j * nx + i];
      return Number.isFinite(v) && v > 0 ? Math.log10(v) : null;
    }),
  );
}

/** At most `max` (≥ 2) indices of 0 … n−1, evenly strided, always the first and the last. */
export function strideIndices(n: number, max: number): number[] {
  if (n <= 0) return [];
  const m = Math.max(2, Math.floor(max));
  if (n <= m) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < m; k++) {
    const i = Math.round((k * (n - 1)) / (m - 1));
    if (out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/** The largest |v| over the finite entries of the arrays (0 if there is none). */
export function maxAbs(...arrays: ArrayLike<number>[]): number {
  let m = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * The finished cells of a β₁ × β₂ grid placed in its table: out[i][j] is the cell of (β₁ᵢ, β₂ⱼ), or
 * null while it has not finished. Cells are matched by their β values (the worker echoes the values it
 * was sent); a cell whose values are not in the lists is left out.
 */
export function placeCells<T extends { beta1: number; beta2: number }>(cells: readonly T[], beta1s: readonly number[], beta2s: readonly number[]): (T | null)[][] {
  const out: (T | null)[][] = beta1s.map(() => beta2s.map(() => null));
  for (const c of cells) {
    const i = beta1s.indexOf(c.beta1);
    const j = beta2s.indexOf(c.beta2);
    if (i >= 0 && j >= 0) out[i][j] = c;
  }
  return out;
}

/** Smallest and largest finite value of a list (null if there is none). */
export function finiteRange(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}
