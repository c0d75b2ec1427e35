import { describe, expect, it } from 'vitest';
import { makeRng } from '../rng';
import { generateCorpus } from './corpus';
import { buildVocab, drawBatch, makeBatchStreams, makeCharData } from './charData';

describe('character data', () => {
  const text = generateCorpus(500);
  const data = makeCharData(text);

  it('has a sorted vocabulary of the distinct characters (code points)', () => {
    expect(buildVocab('banana\n')).toEqual(['\n', 'a', 'b', 'n']);
    expect(buildVocab('a😀b😀')).toEqual(['a', 'b', '😀']);
    expect(data.vocab).toEqual([...new Set(text)].sort());
    expect(data.vocabSize).toBe(data.vocab.length);
  });

  it('encodes and decodes as a round trip, and refuses unknown characters', () => {
    expect(data.decode(data.encode(text))).toBe(text);
    expect(data.decode(data.tokens)).toBe(text);
    const ids = data.encode('I want cookie');
    expect(Array.from(ids).every((i) => i >= 0 && i < data.vocabSize)).toBe(true);
    expect(() => data.encode('I want €')).toThrow(/"€" is not in the vocabulary/);
    expect(data.covers('Daddy play')).toBe(true);
    expect(data.covers('Daddy €')).toBe(false);
    expect(() => data.decode([data.vocabSize])).toThrow(/outside the vocabulary/);
    const emoji = makeCharData('a😀b');
    expect(emoji.vocabSize).toBe(3);
    expect(emoji.decode(emoji.encode('😀a'))).toBe('😀a');
  });

  it('splits 90/10, contiguously', () => {
    const n = data.tokens.length;
    expect(data.train.length).toBe(Math.floor(0.9 * n));
    expect(data.train.length + data.val.length).toBe(n);
    expect(data.decode(data.train) + data.decode(data.val)).toBe(text);
    expect(makeCharData(text, 0.5).train.length).toBe(Math.floor(n / 2));
  });

  it('draws windows whose targets are the inputs shifted by one', () => {
    const b = drawBatch(data.train, 5, 12, makeRng(3));
    expect(b.x.length).toBe(60);
    const src = data.decode(data.train);
    for (let r = 0; r < 5; r++) {
      const x = data.decode(b.x.subarray(r * 12, r * 12 + 12));
      const y = data.decode(b.y.subarray(r * 12, r * 12 + 12));
      expect(x.slice(1)).toBe(y.slice(0, 11));
      expect(src).toContain(x + y.slice(11));
    }
    expect(() => drawBatch(data.val.subarray(0, 12), 1, 12, makeRng(1))).toThrow(/at least 13/);
  });

  it('batch k is the same for every run and any drawing order; streams differ', () => {
    const a = makeBatchStreams(data, makeRng(42));
    const b = makeBatchStreams(data, makeRng(42));
    const late = b.train(7, 4, 16);
    expect(b.train(0, 4, 16)).toEqual(a.train(0, 4, 16));
    expect(a.train(7, 4, 16)).toEqual(late);
    expect(a.train(8, 4, 16).x).not.toEqual(late.x);
    expect(makeBatchStreams(data, makeRng(43)).train(7, 4, 16).x).not.toEqual(late.x);
    expect(a.eval('val', 0, 4, 16)).toEqual(b.eval('val', 0, 4, 16));
    expect(a.eval('train', 0, 4, 16).x).not.toEqual(a.train(0, 4, 16).x);
    const valText = data.decode(data.val);
    const ev = a.eval('val', 1, 3, 16);
    for (let r = 0; r < 3; r++) expect(valText).toContain(data.decode(ev.x.subarray(r * 16, r * 16 + 16)));
  });
});
