/** Slider scales and number parsing/formatting for the numeric controls. */

export interface RangeSpec {
  default: number;
  min?: number;
  max?: number;
  maxExclusive?: boolean;
  log?: boolean;
  integer?: boolean;
}

/**
 * A slider scale. Log sliders cover decades around the default; where 0 (or ∞) is allowed, the far
 * left (right) notch means exactly 0 (∞), since a log scale cannot reach them.
 */
export type SliderScale =
  | { kind: 'log'; lo: number; hi: number; zeroEnd: boolean; infEnd: boolean; positions: number }
  | { kind: 'linear'; lo: number; hi: number; step: number };

const LOG_POSITIONS = 240;
const LINEAR_POSITIONS = 1000;

export function sliderScale(spec: RangeSpec): SliderScale {
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  if (spec.log) {
    const anchor = Number.isFinite(spec.default) && spec.default > 0 ? Math.floor(Math.log10(spec.default)) : 0;
    const lo = min > 0 ? Math.log10(min) : anchor - 4;
    const hi = Number.isFinite(max) ? Math.min(Math.log10(max), anchor + 3) : anchor + 3;
    return { kind: 'log', lo, hi, zeroEnd: min <= 0, infEnd: max === Infinity, positions: LOG_POSITIONS };
  }
  const d = Number.isFinite(spec.default) ? spec.default : 0;
  // A huge allowed range (f* ∈ ±1e12) is useless on a slider: the slider shows a window around the default.
  let lo = Number.isFinite(min) && d - min <= 100 ? min : d - 10;
  let hi = Number.isFinite(max) && max - d <= 100 ? max : d + 10;
  lo = Math.max(lo, min);
  hi = Math.min(hi, max);
  const step = spec.integer ? 1 : (hi - lo) / LINEAR_POSITIONS;
  if (spec.maxExclusive) hi -= step;
  return { kind: 'linear', lo, hi, step };
}

/** Slider position (the range input's value) for a value. */
export function toPosition(s: SliderScale, v: number): number {
  if (s.kind === 'linear') return Math.min(s.hi, Math.max(s.lo, v));
  const first = s.zeroEnd ? 1 : 0;
  const last = s.infEnd ? s.positions - 1 : s.positions;
  if (v <= 0) return 0;
  if (v === Infinity) return s.positions;
  const t = (Math.log10(v) - s.lo) / (s.hi - s.lo);
  return Math.min(last, Math.max(first, Math.round(first + t * (last - first))));
}

/** Value at a slider position (log values rounded to 3 significant digits). */
export function fromPosition(s: SliderScale, p: number): number {
  if (s.kind === 'linear') return s.step === 1 ? Math.round(p) : Number(p.toPrecision(6));
  if (s.zeroEnd && p <= 0) return 0;
  if (s.infEnd && p >= s.positions) return Infinity;
  const first = s.zeroEnd ? 1 : 0;
  const last = s.infEnd ? s.positions - 1 : s.positions;
  const x = s.lo + ((p - first) / (last - first)) * (s.hi - s.lo);
  return Number((10 ** x).toPrecision(3));
}

/** Parses a typed number; "inf", "∞" and "-inf" are accepted. Returns a message instead of NaN. */
export function parseNumber(text: string): number | string {
  const t = text.trim().toLowerCase();
  if (t === '') return 'enter a number';
  if (t === '∞' || t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-∞' || t === '-inf' || t === '-infinity') return -Infinity;
  const v = Number(t);
  return Number.isNaN(v) ? `"${text.trim()}" is not a number` : v;
}

/** Range check for specs without their own checker (problem parameters, data sliders). */
export function checkRange(spec: RangeSpec, v: number): string | null {
  if (!Number.isFinite(v) && !(v === Infinity && spec.max === Infinity)) return `must be finite, got ${v}`;
  if (spec.integer && !Number.isInteger(v)) return `must be an integer, got ${v}`;
  if (spec.min !== undefined && v < spec.min) return `must be ≥ ${spec.min}, got ${v}`;
  if (spec.max !== undefined && (spec.maxExclusive ? v >= spec.max : v > spec.max)) return `must be ${spec.maxExclusive ? '<' : '≤'} ${spec.max}, got ${v}`;
  return null;
}

export function formatNumber(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  if (v === 0 || Number.isNaN(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}
