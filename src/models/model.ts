/**
 * A neural model on the tensor path (TF.js, float32): S10's MLP, S13's neuron classifiers, S5's
 * character transformer. The contract the worker's tensor session and the tests use.
 *
 * Parameters are ONE flat vector θ ([P], or [R, P] for R runs batched): the model unflattens it in
 * its forward pass (slices + reshapes), so every optimizer of src/optim/ trains it unchanged through
 * src/tensor/trainer.ts. The flat layout is documented per model (e.g. layer by layer, weight then
 * bias, row-major [out, in] as PyTorch's nn.Linear.weight).
 */
import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { TensorObjective } from '../tensor/trainer';

export interface TensorModel<B> extends TensorObjective<B> {
  readonly id: string;
  /** Number of parameters P. */
  readonly dim: number;
  /** Names of the parameter blocks in flat order, with their offsets and shapes (for views and docs). */
  readonly layout: { name: string; offset: number; shape: number[] }[];
  /** θ₀ with PyTorch's default initialisation (nn.Linear: U(−1/√fan_in, 1/√fan_in) for weight and bias). */
  initParams(rng: Rng): Float32Array;
  /**
   * The mini-batch of update k (0-based) for batch size B, drawn from the model's batch stream so that
   * runs racing on one model see the same batches. The caller disposes the returned tensors.
   */
  batch(k: number, batchSize: number): B;
  /** Releases the model's own tensors (data). */
  dispose(): void;
  /**
   * Periodic evaluation every `reportEvery` updates (one readback), e.g. { train, val } mean losses over
   * a few batches of each split. When it returns `val`, the runner applies early stopping to it.
   */
  report?(theta: tf.Tensor): Record<string, number> | Promise<Record<string, number>>;
  reportEvery?: number;
  /** Text generated from θ with the project's RNG (the transformer). */
  sample?(theta: tf.Tensor, rng: Rng, length: number, temperature: number): string | Promise<string>;
}

/** Tensors of a batch, to dispose after the step. */
export function batchTensors(b: unknown): tf.Tensor[] {
  if (!b || typeof b !== 'object') return [];
  return Object.values(b as Record<string, unknown>).filter((v): v is tf.Tensor => !!v && typeof v === 'object' && 'dataSync' in v);
}
