/**
 * Frame layout: for run r with k_r new points and dim P, consecutive blocks in one Float64Array
 *   step[k] | loss[k] | batchLoss[k] | stepSize[k] | gradNorm[k] | params[k·P] (row-major)
 * Runs follow each other in order. NaN stands for "not available" (step size at step 0).
 */

export const FIELDS = ['step', 'loss', 'batchLoss', 'stepSize', 'gradNorm'] as const;
export type Field = (typeof FIELDS)[number];

/** One run's points: a column per field, and the parameters (k·P values, row-major). */
export type RunPoints = { [K in Field]: Float64Array } & { params: Float64Array };

/** Number of doubles a frame needs. */
export function frameLength(counts: readonly number[], dim: number): number {
  let total = 0;
  for (const k of counts) total += k * (FIELDS.length + dim);
  return total;
}

/** Views into a frame buffer, one RunPoints per run (no copy). */
export function decodeFrame(buffer: ArrayBuffer, counts: readonly number[], dim: number): RunPoints[] {
  const all = new Float64Array(buffer);
  const out: RunPoints[] = [];
  let o = 0;
  for (const k of counts) {
    const take = (len: number) => {
      const v = all.subarray(o, o + len);
      o += len;
      return v;
    };
    out.push({ step: take(k), loss: take(k), batchLoss: take(k), stepSize: take(k), gradNorm: take(k), params: take(k * dim) });
  }
  return out;
}
