/**
 * Value codecs of the link format: each turns a value into the text of one `key=value` pair and back.
 * `encode` writes the canonical text (numbers as JavaScript's shortest round-trip form, −0 as `-0`);
 * `decode` never throws and never evaluates anything: it either returns a value (possibly clamped
 * or cleaned, with a `note` saying how) or a reason why the text was refused.
 */
import { LIMITS } from '../experiment/schema';
import type { PointsData } from '../experiment/types';
import { parseExpression } from '../parse/expression';

export type Decoded<T> = { ok: true; value: T; note?: string } | { ok: false; reason: string };

export interface Codec<T> {
  encode(value: T): string;
  decode(text: string): Decoded<T>;
}

export interface Range {
  min?: number;
  max?: number;
  /** The upper bound itself is refused (betas < 1): out-of-range values are dropped, not clamped. */
  maxExclusive?: boolean;
  integer?: boolean;
}

const ok = <T>(value: T, note?: string): Decoded<T> => (note ? { ok: true, value, note } : { ok: true, value });
const fail = <T>(reason: string): Decoded<T> => ({ ok: false, reason });

/** User text inside a message: JSON-quoted (control characters escaped) and shortened. */
export function show(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function encodeNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** A number in a range: out-of-range values are clamped (noted); non-integers rounded when `integer`. */
export function num(range: Range = {}): Codec<number> {
  const { min = -Infinity, max = Infinity, maxExclusive = false, integer = false } = range;
  return {
    encode: encodeNumber,
    decode(text) {
      let v: number;
      if (NUMBER.test(text)) v = Number(text);
      else if (text === 'Infinity' || text === '-Infinity') v = Number(text);
      else return fail(`${show(text)} is not a number`);
      if (Number.isNaN(v) || (!Number.isFinite(v) && !(v === Infinity && max === Infinity))) return fail(`must be a finite number, got ${show(text)}`);
      let note: string | undefined;
      if (integer && !Number.isInteger(v)) {
        const r = Math.round(v);
        note = `must be an integer, got ${encodeNumber(v)}; rounded to ${r}`;
        v = r;
      }
      if (v < min) return ok(min, `must be ≥ ${min}, got ${encodeNumber(v)}; clamped to ${min}`);
      if (maxExclusive ? v >= max : v > max) {
        if (maxExclusive) return fail(`must be < ${max}, got ${encodeNumber(v)}`);
        return ok(max, `must be ≤ ${max}, got ${encodeNumber(v)}; clamped to ${max}`);
      }
      return ok(v, note);
    },
  };
}

export const int = (min: number, max: number): Codec<number> => num({ min, max, integer: true });
export const INT32 = int(-(2 ** 31), 2 ** 31 - 1);

export const bool: Codec<boolean> = {
  encode: (v) => (v ? 'true' : 'false'),
  decode: (text) => (text === 'true' || text === '1' ? ok(true) : text === 'false' || text === '0' ? ok(false) : fail(`must be true or false, got ${show(text)}`)),
};

/** One of a fixed set of names (looked up in a Set: `constructor` or `__proto__` are never found). */
export function oneOf<T extends string>(names: readonly T[], what: string): Codec<T> {
  const known = new Set<string>(names);
  const list = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
  return {
    encode: (v) => v,
    decode: (text) => (known.has(text) ? ok(text as T) : fail(`unknown ${what} ${show(text)} (known: ${list})`)),
  };
}

/** Comma-separated numbers (at most `maxLength`); one bad element refuses the whole list. */
export function list(range: Range, maxLength: number, exactLength?: number): Codec<number[]> {
  const element = num(range);
  return {
    encode: (v) => v.map(encodeNumber).join(','),
    decode(text) {
      const parts = text === '' ? [] : text.split(',');
      if (exactLength !== undefined && parts.length !== exactLength) return fail(`must be ${exactLength} numbers separated by commas, got ${parts.length}`);
      if (parts.length > maxLength) return fail(`must hold at most ${maxLength} numbers, got ${parts.length}`);
      const out: number[] = [];
      const notes: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        const d = element.decode(parts[i]);
        if (!d.ok) return fail(`element ${i + 1}: ${d.reason}`);
        if (d.note) notes.push(`element ${i + 1}: ${d.note}`);
        out.push(d.value);
      }
      return ok(out, notes.length ? notes.slice(0, 3).join('; ') + (notes.length > 3 ? '; …' : '') : undefined);
    },
  };
}

// Control characters (C0, DEL, C1) and bidirectional overrides, which could make a label lie about itself.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Text that an HTML parser would read as a tag, comment or declaration.
const MARKUP = /<\s*[a-zA-Z!/?]/;

/**
 * Plain text for labels, at most `maxLength` UTF-16 units. Control characters are removed (noted); text
 * that looks like HTML markup is refused (labels are always rendered as text; markup in one means a
 * hostile or broken link).
 */
export function plainText(maxLength: number): Codec<string> {
  return {
    encode: (v) => v,
    decode(text) {
      if (MARKUP.test(text)) return fail(`${show(text)} looks like HTML markup; labels are plain text`);
      const notes: string[] = [];
      let v = text.replace(CONTROL, '');
      if (v !== text) notes.push('control characters removed');
      if (v.length > maxLength) {
        v = v.slice(0, maxLength);
        if (/[\ud800-\udbff]$/.test(v)) v = v.slice(0, -1); // do not cut a surrogate pair in half
        notes.push(`longer than ${maxLength} characters; cut to ${v.length}`);
      }
      return ok(v, notes.join('; ') || undefined);
    },
  };
}

/** A name (generator ids and the like): letters, digits, `-` and `_`, at most 40 characters. */
export const name: Codec<string> = {
  encode: (v) => v,
  decode: (t) => (/^[A-Za-z0-9_-]{1,40}$/.test(t) ? ok(t) : fail(`${show(t)} is not a name`)),
};

/** Any text of at most `maxLength` UTF-16 units (user corpora: never rendered as HTML, never evaluated). */
export function text(maxLength: number): Codec<string> {
  return {
    encode: (v) => v,
    decode: (t) => (t.length === 0 ? fail('must not be empty') : t.length > maxLength ? fail(`has ${t.length} characters; the limit is ${maxLength}`) : ok(t)),
  };
}

/** `#rrggbb`, written without `#` (a `#` would end the URL's fragment for some readers). */
export const color: Codec<string> = {
  encode: (v) => v.replace(/^#/, ''),
  decode: (text) => (/^#?[0-9a-fA-F]{6}$/.test(text) ? ok(text.startsWith('#') ? text : `#${text}`) : fail(`must be a colour like 1f77b4, got ${show(text)}`)),
};

/** A start point: `random`, or comma-separated numbers. */
export const init: Codec<number[] | 'random'> = (() => {
  const numbers = list({}, LIMITS.features + 1);
  return {
    encode: (v) => (v === 'random' ? 'random' : numbers.encode(v)),
    decode: (text) => (text === 'random' ? ok('random' as const) : numbers.decode(text)),
  };
})();

/** `all`, or k for `{ every: k }`. */
export const record: Codec<'all' | { every: number }> = (() => {
  const k = int(1, 1e9);
  return {
    encode: (v) => (v === 'all' ? 'all' : k.encode(v.every)),
    decode(text) {
      if (text === 'all') return ok('all' as const);
      const d = k.decode(text);
      return d.ok ? ok({ every: d.value }, d.note) : fail(`must be "all" or a stride k ≥ 1: ${d.reason}`);
    },
  };
})();

type Points = PointsData['points'];

/** Reads one JSON number of a point; −0 travels as the string "-0" (JSON has no −0). */
const pointNumber = (v: unknown): number | undefined => (v === '-0' ? -0 : typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * User data points as JSON text `[[x, y], …]` (x a number or an array of features). Rows are checked
 * one by one: every value finite, one width for all rows, at most LIMITS.points rows.
 */
export const points: Codec<Points> = {
  encode: (v) => JSON.stringify(v, (_k, x: unknown) => (Object.is(x, -0) ? '-0' : x)),
  decode(text) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fail('is not valid JSON');
    }
    if (!Array.isArray(raw) || raw.length === 0) return fail('must be a non-empty array of [x, y] rows');
    if (raw.length > LIMITS.points) return fail(`has ${raw.length} rows; the limit is ${LIMITS.points}`);
    const out: Points = [];
    let width = -1;
    for (let i = 0; i < raw.length; i++) {
      const row: unknown = raw[i];
      const bad = (why: string) => fail<Points>(`row ${i + 1}: ${why}`);
      if (!Array.isArray(row) || row.length !== 2) return bad('must be [x, y]');
      const y = pointNumber(row[1]);
      if (y === undefined) return bad('y must be a finite number');
      let x: number | number[];
      if (Array.isArray(row[0])) {
        if (row[0].length === 0 || row[0].length > LIMITS.features) return bad(`x must hold 1 to ${LIMITS.features} features`);
        const xs = row[0].map(pointNumber);
        if (xs.some((v) => v === undefined)) return bad('x must hold finite numbers');
        x = xs as number[];
      } else {
        const v = pointNumber(row[0]);
        if (v === undefined) return bad('x must be a finite number or an array of them');
        x = v;
      }
      const w = Array.isArray(x) ? x.length : 1;
      if (width >= 0 && w !== width) return bad(`has ${w} features, the rows before have ${width}`);
      width = w;
      out.push([x, y]);
    }
    return ok(out);
  },
};

/** A typed objective f(x, y): parsed by the safe expression parser (never evaluated as code). */
export const expression: Codec<string> = {
  encode: (v) => v,
  decode(t) {
    const r = parseExpression(t);
    return r.ok ? ok(t) : fail(`not a valid f(x, y): ${r.error}`);
  },
};
