/**
 * Builds the neural models of MODEL_CATALOG from an experiment's problemParams and data (worker
 * only: this file imports TF.js). Each maker validates what it is given and throws an Error naming
 * the field.
 */
import type { Rng } from '../rng';
import type * as tf from '@tensorflow/tfjs';
import type { DataSpec } from '../experiment/types';
import type { Sampling } from '../run/batches';
import { generateSinExp } from '../problems/data';
import type { TensorModel } from './model';
import { makeMlp } from './mlp';
import { makeTwoClassData } from './twoClass';
import { makeNeuronClassifier } from './classifier';
import { generateCorpus, validateUserText } from './corpus';
import { makeCharData } from './charData';
import { CharTransformer } from './transformer';
import { sampleTextAsync } from './sampling';
import { MAX_STREAMED_PARAMS } from '../tensor/tensorRunner';

export interface BuiltModel {
  model: TensorModel<unknown>;
  /** Number of samples (the epoch length in samples). */
  n: number;
  /** Parameter names in flat order (the page shows the first few). */
  paramNames: string[];
  /** The data behind the loss, for the page's fit view (1-D models). */
  data: { x: number[][]; y: number[] } | null;
  /** What was changed in user input (e.g. "control characters removed"), for the page. */
  notes?: string[];
}

export interface ModelStreams {
  /** The data stream (generators). */
  data: Rng;
  /** The batch-order stream shared by every run. */
  batches: Rng;
  sampling: Sampling;
}

export type ModelMaker = (params: Record<string, number>, data: DataSpec | undefined, streams: ModelStreams) => BuiltModel;

/** Flat parameter names from a model's layout (`linear0.weight[3]`, …), the first `limit` of them. */
export function flatNames(layout: TensorModel<unknown>['layout'], limit = MAX_STREAMED_PARAMS): string[] {
  const names: string[] = [];
  for (const b of layout) {
    const size = b.shape.reduce((a, c) => a * c, 1);
    for (let i = 0; i < size && names.length < limit; i++) names.push(size === 1 ? b.name : `${b.name}[${i}]`);
  }
  return names;
}

/** 1-D (x, y) data: the sin-exp generator or user points with one feature. */
function oneDimensionalData(data: DataSpec | undefined, rng: Rng): { x: number[]; y: number[] } {
  if (data && 'text' in data) throw new Error('data.text: this model takes (x, y) points');
  if (data && 'points' in data) {
    const x: number[] = [];
    const y: number[] = [];
    data.points.forEach(([xi, yi], i) => {
      const v = Array.isArray(xi) ? (xi.length === 1 ? xi[0] : NaN) : xi;
      if (!Number.isFinite(v)) throw new Error(`data.points[${i}]: the MLP takes one input feature`);
      x.push(v);
      y.push(yi);
    });
    return { x, y };
  }
  return generateSinExp(rng, data?.n ?? 7, data?.noise ?? 0);
}

export const MODEL_MAKERS: Record<string, ModelMaker> = {
  mlp(params, data, streams) {
    const xy = oneDimensionalData(data, streams.data);
    const model = makeMlp({
      widths: Array.from({ length: params.depth }, () => params.width),
      activation: params.activation === 1 ? 'sigmoid4' : 'relu',
      data: xy,
      batchRng: streams.batches,
      sampling: streams.sampling,
    });
    return { model, n: xy.x.length, paramNames: flatNames(model.layout), data: { x: xy.x.map((v) => [v]), y: xy.y } };
  },
  classifier(params, data, streams) {
    if (data && ('text' in data || 'points' in data)) throw new Error('data: the classifier uses the two-class generator');
    const set = makeTwoClassData(streams.data, { n: data?.n ?? 400, d: 4 });
    const model = makeNeuronClassifier({ hidden: params.hidden ? [params.hidden] : [], data: set, batchRng: streams.batches, sampling: streams.sampling });
    return { model, n: set.n, paramNames: flatNames(model.layout), data: null };
  },
  transformer(params, data, streams) {
    if (data && 'points' in data) throw new Error('data.points: the transformer takes text');
    let text: string;
    const notes: string[] = [];
    if (data && 'text' in data) {
      const r = validateUserText(data.text);
      if (!r.ok) throw new Error(`data.text: ${r.error}`);
      text = r.text;
      notes.push(...r.notes);
    } else {
      text = generateCorpus(data?.n ?? 3000);
    }
    if (params.n_embd % params.n_head !== 0) throw new Error(`problemParams.n_head: ${params.n_head} heads must divide n_embd = ${params.n_embd}`);
    const model = new CharTransformer(
      makeCharData(text),
      { nEmbd: params.n_embd, nHead: params.n_head, nLayer: params.n_layer, blockSize: params.block_size, dropout: params.dropout },
      streams.batches,
    );
    // S5's every-K-iterations evaluation: train and validation loss (early stopping reads val), and samples.
    Object.assign(model, {
      reportEvery: params.eval_every,
      // Asynchronous readbacks: WebGPU's synchronous one is unreliable in a worker (see trainer.ts).
      report: async (theta: tf.Tensor) => ({ train: await model.evaluateAsync(theta, 'train'), val: await model.evaluateAsync(theta, 'val') }),
      sample: (theta: tf.Tensor, rng: Rng, length: number, temperature: number) => sampleTextAsync(model, theta, { length, temperature, rng }),
    });
    return { model, n: model.data.train.length, paramNames: flatNames(model.layout), data: null, notes };
  },
};
