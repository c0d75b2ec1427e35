/**
 * Character-level data for S5: vocabulary, encoding, the 90/10 train/validation split, and the batch
 * streams (seed 001's `get_batch`: B random windows of T + 1 characters; x = window[0..T),
 * y = window[1..T], so y[b, t] is the character that follows x[b, 0..t]).
 *
 * Characters are Unicode code points (`Array.from`), so a character outside the BMP is one token.
 * The split is contiguous (train = first 90 %, validation = last 10 %), as in seed 001 and nanoGPT.
 *
 * Batches are random-access: batch k of a stream depends only on the stream's seed and k
 * (`rng.fork(k)`), never on how many batches were drawn before. So runs racing on one model see the
 * same batches whatever order they step in, and a reset replays them.
 */
import type { Rng } from '../rng';

export interface CharData {
  /** The distinct characters, sorted by code point; token i is vocab[i]. */
  readonly vocab: readonly string[];
  readonly vocabSize: number;
  /** All tokens, then the train (first ⌊0.9 n⌋) and validation (the rest) parts. */
  readonly tokens: Int32Array;
  readonly train: Int32Array;
  readonly val: Int32Array;
  /** Tokens of `text`; throws on a character outside the vocabulary. */
  encode(text: string): Int32Array;
  /** Text of tokens (ids outside [0, vocabSize) throw). */
  decode(ids: ArrayLike<number>): string;
  /** Whether every character of `text` is in the vocabulary. */
  covers(text: string): boolean;
}

export type Split = 'train' | 'val';

/** Sorted distinct characters (code points) of a text. */
export function buildVocab(text: string): string[] {
  return [...new Set(Array.from(text))].sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number));
}

export function makeCharData(text: string, trainFraction = 0.9): CharData {
  const vocab = buildVocab(text);
  const stoi = new Map(vocab.map((c, i) => [c, i]));
  const encode = (s: string): Int32Array => {
    const chars = Array.from(s);
    const out = new Int32Array(chars.length);
    chars.forEach((c, i) => {
      const id = stoi.get(c);
      if (id === undefined) throw new Error(`The character ${JSON.stringify(c)} is not in the vocabulary.`);
      out[i] = id;
    });
    return out;
  };
  const decode = (ids: ArrayLike<number>): string => {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const c = vocab[ids[i]];
      if (c === undefined) throw new Error(`Token ${ids[i]} is outside the vocabulary (size ${vocab.length}).`);
      s += c;
    }
    return s;
  };
  const tokens = encode(text);
  const n = Math.floor(trainFraction * tokens.length);
  return {
    vocab,
    vocabSize: vocab.length,
    tokens,
    train: tokens.subarray(0, n),
    val: tokens.subarray(n),
    encode,
    decode,
    covers: (s) => Array.from(s).every((c) => stoi.has(c)),
  };
}

/** B contexts of T tokens and their targets, row-major [B, T]. */
export interface TokenBatch {
  x: Int32Array;
  y: Int32Array;
  batchSize: number;
  blockSize: number;
}

/**
 * B windows drawn uniformly from `tokens` with `rng`: start s ∈ [0, n − T − 1], x = tokens[s, s+T),
 * y = tokens[s+1, s+T+1). Needs n ≥ T + 1.
 */
export function drawBatch(tokens: Int32Array, batchSize: number, blockSize: number, rng: Rng): TokenBatch {
  const span = tokens.length - blockSize;
  if (span < 1) throw new Error(`The text part has ${tokens.length} characters; a context of ${blockSize} needs at least ${blockSize + 1}.`);
  const x = new Int32Array(batchSize * blockSize);
  const y = new Int32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const s = rng.int(span);
    x.set(tokens.subarray(s, s + blockSize), b * blockSize);
    y.set(tokens.subarray(s + 1, s + blockSize + 1), b * blockSize);
  }
  return { x, y, batchSize, blockSize };
}

/**
 * The batch streams of one experiment, all forks of `rng`:
 * - `train(k, B, T)`: the training batch of update k (stream 'batches', fork k);
 * - `eval(split, j, B, T)`: evaluation batch j of a split (stream 'eval'); the same few fixed batches
 *   at every evaluation, so a curve's wiggles are the model's, not the sampling's, and every run is
 *   measured on the same text.
 */
export function makeBatchStreams(data: CharData, rng: Rng) {
  const trainRng = rng.fork('batches');
  const evalRng = rng.fork('eval');
  return {
    train: (k: number, batchSize: number, blockSize: number) => drawBatch(data.train, batchSize, blockSize, trainRng.fork(k)),
    eval: (split: Split, j: number, batchSize: number, blockSize: number) =>
      drawBatch(split === 'train' ? data.train : data.val, batchSize, blockSize, evalRng.fork(split).fork(j)),
  };
}

export type BatchStreams = ReturnType<typeof makeBatchStreams>;
