/**
 * A run's recorded history: growable struct-of-arrays in Float64Arrays (no per-step allocation;
 * capacity doubles). Entry i belongs to recorded step `step[i]`; see the trace format (DESIGN.md).
 */
export class Recorder {
  length = 0;
  step: Float64Array;
  loss: Float64Array;
  batchLoss: Float64Array;
  stepSize: Float64Array;
  gradNorm: Float64Array;
  params: Float64Array;

  constructor(readonly dim: number, capacity = 256) {
    this.step = new Float64Array(capacity);
    this.loss = new Float64Array(capacity);
    this.batchLoss = new Float64Array(capacity);
    this.stepSize = new Float64Array(capacity);
    this.gradNorm = new Float64Array(capacity);
    this.params = new Float64Array(capacity * dim);
  }

  get capacity(): number {
    return this.step.length;
  }

  push(step: number, loss: number, batchLoss: number, stepSize: number, gradNorm: number, params: Float64Array): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.step[i] = step;
    this.loss[i] = loss;
    this.batchLoss[i] = batchLoss;
    this.stepSize[i] = stepSize;
    this.gradNorm[i] = gradNorm;
    this.params.set(params, i * this.dim);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const g = (a: Float64Array, n: number) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.step = g(this.step, cap);
    this.loss = g(this.loss, cap);
    this.batchLoss = g(this.batchLoss, cap);
    this.stepSize = g(this.stepSize, cap);
    this.gradNorm = g(this.gradNorm, cap);
    this.params = g(this.params, cap * this.dim);
  }

  /**
   * Drops every other row from index `from` on (rows from, from + 2, … stay, and the last row always
   * does): the worker thins the rows waiting to be sent while the page draws nothing (a hidden tab), so
   * its memory stays bounded however long it trains.
   */
  thin(from: number): void {
    const last = this.length - 1;
    const d = this.dim;
    let w = Math.max(0, from);
    for (let i = w; i <= last; i++) {
      if ((i - from) % 2 !== 0 && i !== last) continue;
      if (w !== i) {
        this.step[w] = this.step[i];
        this.loss[w] = this.loss[i];
        this.batchLoss[w] = this.batchLoss[i];
        this.stepSize[w] = this.stepSize[i];
        this.gradNorm[w] = this.gradNorm[i];
        this.params.copyWithin(w * d, i * d, (i + 1) * d);
      }
      w++;
    }
    this.length = Math.min(this.length, w);
  }

  /** Drops everything recorded after index `keep` (used by reset). */
  truncate(keep: number): void {
    this.length = Math.min(this.length, keep);
  }
}
