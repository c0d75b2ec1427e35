/**
 * Mini-batch order, shared by every run of an experiment (lockstep): a pure function of the
 * experiment's batch stream and the update index, so two runs with the same batch size see the
 * same batches at every step, and runs with different batch sizes see the same per-epoch order.
 *
 * - 'shuffle': epoch e uses the permutation π_e = shuffle(0..N−1) drawn from stream fork(e); the
 *   update with index k (0-based) of a run with batch size B and s = ⌈N/B⌉ steps per epoch takes
 *   π_e[jB .. min((j+1)B, N)) with e = ⌊k/s⌋, j = k mod s (the last batch is smaller, as PyTorch's
 *   DataLoader with drop_last=False).
 * - 'replacement': update k takes B indices uniform in [0, N), drawn from stream fork(k).
 */
import { shuffleInPlace, type Rng } from '../rng';

export type Sampling = 'shuffle' | 'replacement';

export class BatchSampler {
  readonly stepsPerEpoch: number;
  /** null when the batch is always the whole data set (saves the index work). */
  private readonly buf: Int32Array | null;
  /** The epoch's last, smaller batch (N mod B indices), when there is one. */
  private readonly tail: Int32Array | null;
  private perm: Int32Array | null = null;
  private permEpoch = -1;
  /**
   * The permutation computed before the current one: the runs of a Runner share one sampler per batch
   * size, and runs resumed at slightly different steps may straddle an epoch boundary; with two kept,
   * they do not reshuffle at every call.
   */
  private other: Int32Array | null = null;
  private otherEpoch = -1;

  constructor(
    private readonly rng: Rng,
    private readonly n: number,
    readonly batchSize: number,
    private readonly sampling: Sampling,
  ) {
    this.stepsPerEpoch = Math.max(1, Math.ceil(n / batchSize));
    const full = sampling === 'shuffle' && batchSize >= n;
    this.buf = full ? null : new Int32Array(batchSize);
    const rest = n % batchSize;
    this.tail = full || rest === 0 ? null : new Int32Array(rest);
  }

  /** The batch of update k (0-based), or null for the whole data set: a buffer the next call overwrites. */
  batch(k: number): Int32Array | null {
    if (!this.buf) return null;
    if (this.sampling === 'replacement') {
      const r = this.rng.fork(k);
      for (let i = 0; i < this.batchSize; i++) this.buf[i] = r.int(this.n);
      return this.buf;
    }
    const e = Math.floor(k / this.stepsPerEpoch);
    const j = k - e * this.stepsPerEpoch;
    if (e !== this.permEpoch) {
      const keep = this.perm, keepEpoch = this.permEpoch;
      this.perm = e === this.otherEpoch ? this.other : epochPermutation(this.rng, e, this.n, this.other ?? new Int32Array(this.n));
      this.permEpoch = e;
      this.other = keep;
      this.otherEpoch = keepEpoch;
    }
    // Copied into a reused buffer rather than `perm.subarray(...)`: a view is an allocation per step,
    // which at batch 1 (20 000 steps per S3 run) was a measurable part of the step.
    const start = j * this.batchSize;
    const end = Math.min(start + this.batchSize, this.n);
    const out = end - start === this.batchSize ? this.buf : (this.tail as Int32Array);
    const perm = this.perm as Int32Array;
    for (let i = start; i < end; i++) out[i - start] = perm[i];
    return out;
  }
}

/** π_e: the shuffled order of epoch e (written into `out`). */
export function epochPermutation(rng: Rng, epoch: number, n: number, out: Int32Array): Int32Array {
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, rng.fork(epoch));
}
