/**
 * Properties of the text-corpus validation (issue 7): any bytes or string, it never throws, and answers
 * with one message or a clean text; what it accepts meets the limits and is a fixed point (validating the
 * cleaned text again changes nothing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateUserText } from './corpus';

const SMALL = { minChars: 20, maxVocab: 64, maxBytes: 4096 };
// eslint-disable-next-line no-control-regex
const STRAY_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

const input = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.constantFrom('hello ', 'world\n', '\r\n', '\t', '<script>', '\uFEFF', '\u0000', 'é', 'e\u0301', '😀', '\u202E', '\x85'), { maxLength: 80 }).map((a) => a.join('')),
);

let accepted = 0;

describe('validateUserText properties', () => {
  it('never throws; refuses with a message, or accepts a clean text within the limits that validates to itself', () => {
    fc.assert(fc.property(input, (v) => {
      let r: ReturnType<typeof validateUserText> | undefined;
      expect(() => { r = validateUserText(v, SMALL); }).not.toThrow();
      if (!r!.ok) {
        expect(r!.error.length).toBeGreaterThan(5);
        return;
      }
      accepted++;
      const { text } = r!;
      expect(Array.from(text).length).toBeGreaterThanOrEqual(SMALL.minChars);
      expect(new Set(Array.from(text)).size).toBeLessThanOrEqual(SMALL.maxVocab);
      expect(text).not.toMatch(STRAY_CONTROL);
      expect(text).not.toContain('\r');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text).toBe(text.normalize('NFC'));
      const again = validateUserText(text, SMALL);
      expect(again).toMatchObject({ ok: true, text });
    }), { numRuns: 1500 });
    expect(accepted).toBeGreaterThan(20);
  });
});
