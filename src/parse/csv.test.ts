/** CSV → user points: formats, errors that name row and column, limits, and property tests. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CSV_LIMITS, parseCsv } from './csv';
import { LIMITS, parseExperiment } from '../experiment/schema';

const errorsOf = (text: string) => {
  const r = parseCsv(text);
  return r.ok ? [] : r.errors;
};

describe('parseCsv: formats', () => {
  it('reads x,y with a header, CRLF, blank lines and comments', () => {
    const r = parseCsv('# measured on Monday\r\nx,y\r\n1,2.5\r\n\r\n-0.5, 3e-2  # odd one\r\n.25,-1\r\n');
    expect(r).toEqual({ ok: true, points: [[1, 2.5], [-0.5, 0.03], [0.25, -1]], header: ['x', 'y'], separator: ',' });
  });

  it('reads x1,…,xd,y as feature arrays, with semicolons and tabs', () => {
    expect(parseCsv('1;2;3\n4;5;6')).toMatchObject({ ok: true, points: [[[1, 2], 3], [[4, 5], 6]], separator: ';' });
    expect(parseCsv('a\tb\tc\ty\n1\t2\t3\t4')).toMatchObject({ ok: true, points: [[[1, 2, 3], 4]], header: ['a', 'b', 'c', 'y'], separator: '\t' });
  });

  it('reads decimal commas with semicolon or tab separators, quotes, and CR line ends', () => {
    expect(parseCsv('1,5;2,25\r3;-0,5')).toMatchObject({ ok: true, points: [[1.5, 2.25], [3, -0.5]] });
    expect(parseCsv('"x","y, in m"\n"1","2"\n')).toMatchObject({ ok: true, points: [[1, 2]], header: ['x', 'y, in m'] });
  });
});

describe('parseCsv: errors name the row and column', () => {
  it.each([
    ['x,y\n1,2\n3,abc\n', 'row 3, column 2: "abc" is not a number'],
    ['1,2\n3\n', 'row 2: expected 2 columns, found 1'],
    ['1,2\n3,4,5\n', 'row 2: expected 2 columns, found 3'],
    ['1,2\n,4\n', 'row 2, column 1: is empty'],
    ['1,2\n3,Infinity\n', 'row 2, column 2: "Infinity" is not a number'],
    ['1,2\n3,NaN\n', 'row 2, column 2: "NaN" is not a number'],
    ['1,2\n0x10,1\n', 'row 2, column 1: "0x10" is not a number'],
    ['1,2\n3,1e400\n', 'row 2, column 2: "1e400" is too large'],
    ['1,2\n3,<script>alert(1)</script>\n', 'row 2, column 2: "<script>alert(1)</script…" is not a number'],
    ['42\n', 'row 1: expected at least 2 columns (x,y), found 1; separate values by commas, semicolons or tabs'],
    ['', 'no data rows'],
    ['# only a comment\n\n', 'no data rows'],
    ['x,y\n', 'no data rows after the header'],
  ])('%j', (text, message) => {
    expect(errorsOf(text)).toEqual([message]);
  });

  it('reports every bad row (up to a limit), not only the first', () => {
    const text = ['x,y', ...Array.from({ length: 30 }, (_, i) => `${i},bad${i}`)].join('\n');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(CSV_LIMITS.errors + 1);
    expect(errors[0]).toBe('row 2, column 2: "bad0" is not a number');
    expect(errors.at(-1)).toBe('… and 10 more errors');
  });

  it('limits rows, columns and text size', () => {
    const rows = Array.from({ length: LIMITS.points + 1 }, (_, i) => `${i},1`).join('\n');
    expect(errorsOf(rows)).toEqual([`row ${LIMITS.points + 1}: more than 100000 data rows; the limit is 100000`]);
    expect(errorsOf(Array(LIMITS.features + 2).fill('1').join(','))).toEqual(['row 1: 1002 columns; the limit is 1001 (1000 features and y)']);
    expect(errorsOf('1,2\n'.repeat(CSV_LIMITS.chars / 4 + 1))[0]).toMatch(/the limit is 10000000/);
  });
});

describe('parseCsv: properties', () => {
  it('never throws, and either returns points or at least one error', () => {
    const unit = fc.constantFrom(...'0123456789.,;\t\n\r#"-+eExy abc'.split(''));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit, maxLength: 300 })), (text) => {
      const r = parseCsv(text);
      if (r.ok) expect(r.points.length).toBeGreaterThan(0);
      else expect(r.errors.length).toBeGreaterThan(0);
    }), { numRuns: 3000 });
  });

  it('valid numeric tables round-trip, and make valid user data', () => {
    const num = fc.double({ noNaN: true, noDefaultInfinity: true });
    const table = fc.integer({ min: 2, max: 6 }).chain((w) => fc.array(fc.array(num, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 40 }));
    const options = fc.record({ sep: fc.constantFrom(',', ';', '\t'), eol: fc.constantFrom('\n', '\r\n', '\r'), header: fc.boolean(), blank: fc.boolean(), comment: fc.boolean() });
    fc.assert(fc.property(table, options, (rows, o) => {
      const w = rows[0].length;
      const fmt = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
      const lines = rows.map((r) => r.map(fmt).join(o.sep) + (o.comment ? ' # note' : ''));
      if (o.header) lines.unshift(Array.from({ length: w }, (_, i) => (i === w - 1 ? 'y' : `x${i + 1}`)).join(o.sep));
      if (o.blank) lines.splice(1, 0, '', '   ');
      const r = parseCsv(lines.join(o.eol) + o.eol);
      const expected = rows.map((row) => [w === 2 ? row[0] : row.slice(0, w - 1), row[w - 1]]);
      expect(r).toMatchObject({ ok: true, points: expected });
      if (r.ok) expect(parseExperiment({ version: 1, problem: 'linear-regression', data: { points: r.points }, runs: [{ label: 'a', optimizer: 'sgd' }] }).ok).toBe(true);
    }), { numRuns: 500 });
  });
});
