/**
 * Builds the neural models of MODEL_CATALOG (worker only: this file imports TF.js).
 */
import type { Rng } from '../rng';
import type { DataSpec } from '../experiment/types';
import type { TensorModel } from './model';

export interface BuiltModel {
  model: TensorModel<unknown>;
  /** Number of samples (the epoch length in samples). */
  n: number;
  /** Parameter names for the first `dim` entries the page draws (short models only). */
  paramNames: string[];
  /** The data behind the loss, for the page's fit view (1-D models). */
  data: { x: number[][]; y: number[] } | null;
}

export type ModelMaker = (params: Record<string, number>, data: DataSpec | undefined, rng: Rng) => BuiltModel;

export const MODEL_MAKERS: Record<string, ModelMaker> = {};
