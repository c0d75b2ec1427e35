import { describe, expect, it } from 'vitest';
import { CORPUS_WORDS, generateCorpus, validateUserText } from './corpus';

describe('built-in corpus', () => {
  const text = generateCorpus();
  const lines = text.trimEnd().split('\n');

  it('is deterministic: the same seed gives the same text, another seed another', () => {
    expect(generateCorpus()).toBe(text);
    expect(generateCorpus(4000, 7)).not.toBe(text);
    expect(generateCorpus(50)).toBe(generateCorpus(50));
  });

  it('has several thousand short toddler-style lines of known words', () => {
    expect(lines.length).toBe(4000);
    expect(text.length).toBeGreaterThan(50_000);
    const lengths = lines.map((l) => l.length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(60);
    expect(lengths.reduce((a, b) => a + b, 0) / lines.length).toBeLessThan(25);
    for (const l of lines) {
      expect(l).toMatch(/^[A-Z]/);
      for (const w of l.toLowerCase().split(' ')) expect(CORPUS_WORDS.has(w), `${w} in "${l}"`).toBe(true);
    }
  });

  it('contains the utterances of the seeds’ samples', () => {
    for (const u of ['I want cookie', 'Daddy play', 'No like it', 'Where ball', 'I wash hands', 'More bubbles', 'Shoes on', 'Bath time', 'I did it']) {
      expect(text).toContain(u);
    }
    expect(new Set(Array.from(text)).size).toBeLessThan(60); // a small character vocabulary
  });
});

describe('validateUserText', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const prose = 'The cat sat on the mat. '.repeat(60);

  it('accepts plain UTF-8 text, from bytes or a string, and drops a BOM', () => {
    const r = validateUserText(enc('\uFEFF' + prose + 'Straße, café, 猫.'));
    expect(r).toEqual({ ok: true, text: prose + 'Straße, café, 猫.', notes: [] });
    expect(validateUserText(prose)).toEqual({ ok: true, text: prose, notes: [] });
  });

  it('rejects invalid UTF-8 with a clear message', () => {
    const bytes = enc(prose);
    bytes[10] = 0xff;
    const r = validateUserText(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not valid UTF-8/);
    const latin1 = Uint8Array.from([...enc(prose), 0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1
    expect(validateUserText(latin1)).toMatchObject({ ok: false, error: expect.stringMatching(/UTF-8/) });
  });

  it('rejects an empty, a too big and a too short text', () => {
    expect(validateUserText(new Uint8Array(0))).toEqual({ ok: false, error: 'The file is empty.' });
    expect(validateUserText('')).toEqual({ ok: false, error: 'The file is empty.' });
    const big = validateUserText(new Uint8Array(2 * 1024 * 1024 + 1).fill(97));
    expect(big).toMatchObject({ ok: false, error: expect.stringMatching(/2\.0 MB; the limit is 2\.0 MB/) });
    expect(validateUserText('x'.repeat(3000), { maxBytes: 1000 })).toMatchObject({ ok: false, error: expect.stringMatching(/limit/) });
    const short = validateUserText('Hello there');
    expect(short).toMatchObject({ ok: false, error: expect.stringMatching(/11 characters; at least 1000/) });
  });

  it('rejects too many distinct characters', () => {
    let s = '';
    for (let c = 0x4e00; c < 0x4e00 + 300; c++) s += String.fromCodePoint(c).repeat(4);
    const r = validateUserText(s);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/300 distinct characters; the limit is 256/) });
    expect(validateUserText(s, { maxVocab: 400 }).ok).toBe(true);
  });

  it('strips stray control characters and CRLF with notes, refuses binary', () => {
    const r = validateUserText(prose.replace(/\. /g, '.\r\n') + '\u0007tail\tend\u0000');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(['\r', '\u0000', '\u0007'].some((c) => r.text.includes(c))).toBe(false);
      expect(r.text).toContain('tail\tend');
      expect(r.notes).toEqual(['Line ends converted to \\n.', 'Removed 2 control characters (only newline and tab are kept).']);
    }
    const binary = new Uint8Array(4000).map((_, i) => (i % 7 === 0 ? 0 : 65 + (i % 26)));
    expect(validateUserText(binary)).toMatchObject({ ok: false, error: expect.stringMatching(/looks binary/) });
  });
});
