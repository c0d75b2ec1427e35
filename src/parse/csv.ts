/**
 * CSV text (pasted or uploaded) → the experiment's user data `{ points: [[x, y], …] }`.
 *
 * - Columns `x,y` (x a number) or `x1,…,xd,y` (x an array of d features); the last column is y.
 * - Separator: tab, else semicolon, else comma (detected on the first data line). With tab or
 *   semicolon separators a decimal comma is read as a point (`1,5;2` is 1.5 and 2).
 * - An optional header row (a first line none of whose fields is a number); `"…"` quotes; CRLF, CR
 *   or LF line ends; blank lines; `#` starts a comment to the end of the line.
 * - Limits: at most LIMITS.points rows, LIMITS.features + 1 columns, CSV_LIMITS.chars characters.
 *
 * Never throws: returns the points, or every error (up to CSV_LIMITS.errors), each naming the row
 * (the line number in the text) and column: `row 7, column 2: "abc" is not a number`.
 */
import { LIMITS } from '../experiment/schema';
import type { PointsData } from '../experiment/types';

export const CSV_LIMITS = {
  /** Characters of text (about 100 000 rows of a few features). */
  chars: 10_000_000,
  /** Errors reported before the rest are summarised. */
  errors: 20,
} as const;

export type CsvResult =
  | { ok: true; points: PointsData['points']; header?: string[]; separator: ',' | ';' | '\t' }
  | { ok: false; errors: string[] };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+(?:[eE][+-]?\d+)?$/;

/** Shows a field inside a message: quoted, shortened, control characters escaped. */
const show = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);

/** Splits a line on `sep`, honouring "…" quotes ("" is a quote inside quotes). Fields are trimmed. */
function splitFields(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === sep) {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

/** A line without its comment (a `#` outside quotes starts one). */
function stripComment(line: string): string {
  if (!line.includes('#')) return line;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === '#' && !quoted) return line.slice(0, i);
  }
  return line;
}

function detectSeparator(line: string): ',' | ';' | '\t' {
  return line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
}

/** The number in a field, or a message. */
function readNumber(field: string, decimalComma: boolean): number | string {
  const text = decimalComma && DECIMAL_COMMA.test(field) ? field.replace(',', '.') : field;
  if (text === '') return 'is empty';
  if (!NUMBER.test(text)) return `${show(field)} is not a number`;
  const v = Number(text);
  return Number.isFinite(v) ? v : `${show(field)} is too large`;
}

/** Parses CSV text into points; never throws. */
export function parseCsv(text: string): CsvResult {
  if (typeof text !== 'string') return { ok: false, errors: ['the data must be text'] };
  if (text.length > CSV_LIMITS.chars) {
    return { ok: false, errors: [`the text has ${text.length} characters; the limit is ${CSV_LIMITS.chars}`] };
  }
  const lines = text.split(/\r\n|\r|\n/);
  const errors: string[] = [];
  let extra = 0;
  const fail = (msg: string) => (errors.length < CSV_LIMITS.errors ? errors.push(msg) : extra++);
  let sep: ',' | ';' | '\t' | undefined;
  let width = 0;
  let header: string[] | undefined;
  const points: PointsData['points'] = [];
  for (let li = 0; li < lines.length; li++) {
    const line = stripComment(lines[li]);
    if (line.trim() === '') continue;
    const row = li + 1;
    sep ??= detectSeparator(line);
    const fields = splitFields(line, sep);
    const values = fields.map((f) => readNumber(f, sep !== ','));
    if (width === 0) {
      // The first non-blank line fixes the width; it is a header if none of its fields is a number
      // (a data row with one typo must be reported, not swallowed as a header).
      width = fields.length;
      if (width < 2) return { ok: false, errors: [`row ${row}: expected at least 2 columns (x,y), found 1; separate values by commas, semicolons or tabs`] };
      if (width > LIMITS.features + 1) return { ok: false, errors: [`row ${row}: ${width} columns; the limit is ${LIMITS.features + 1} (${LIMITS.features} features and y)`] };
      if (values.every((v) => typeof v === 'string')) {
        header = fields;
        continue;
      }
    }
    if (fields.length !== width) {
      fail(`row ${row}: expected ${width} columns, found ${fields.length}`);
      continue;
    }
    let bad = false;
    values.forEach((v, c) => {
      if (typeof v === 'string') {
        fail(`row ${row}, column ${c + 1}: ${v}`);
        bad = true;
      }
    });
    if (bad) continue;
    if (points.length === LIMITS.points) return { ok: false, errors: [`row ${row}: more than ${LIMITS.points} data rows; the limit is ${LIMITS.points}`] };
    const nums = values as number[];
    const y = nums[width - 1];
    points.push([width === 2 ? nums[0] : nums.slice(0, width - 1), y]);
  }
  if (extra > 0) errors.push(`… and ${extra} more errors`);
  if (errors.length) return { ok: false, errors };
  if (points.length === 0) return { ok: false, errors: [header ? 'no data rows after the header' : 'no data rows'] };
  return { ok: true, points, ...(header ? { header } : {}), separator: sep ?? ',' };
}
