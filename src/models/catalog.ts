/**
 * The neural models of the tensor path as problems of the experiment format: ids, parameters and
 * data, without TF.js (the page and the validator import this; TF.js itself loads only in the worker,
 * see src/models/registry.ts).
 */
import type { ProblemMeta } from '../problems/registry';

export const MODEL_CATALOG: Record<string, ProblemMeta> = {
  mlp: {
    id: 'mlp',
    label: 'MLP on the 7 points (seed 003, ex. 3)',
    scenario: 'S10',
    params: {
      depth: { default: 2, min: 1, max: 6, integer: true, doc: 'hidden layers D' },
      width: { default: 10, min: 1, max: 128, integer: true, doc: 'units per hidden layer' },
      activation: { default: 0, min: 0, max: 1, integer: true, doc: '0 = ReLU, 1 = 4·sigmoid' },
    },
    generators: ['sin-exp'],
    defaultData: { generator: 'sin-exp', n: 7, noise: 0 },
    acceptsPoints: true,
    path: 'tensor',
  },
  classifier: {
    id: 'classifier',
    label: 'Neuron classifier, two classes (seed 004)',
    scenario: 'S13',
    params: {
      hidden: { default: 0, min: 0, max: 64, integer: true, doc: 'hidden units (0 = one neuron, sigmoid(wᵀx + b))' },
    },
    generators: ['two-class'],
    defaultData: { generator: 'two-class', n: 400, noise: 1 },
    acceptsPoints: true,
    path: 'tensor',
  },
  transformer: {
    id: 'transformer',
    label: 'Character transformer (seeds 000/001, 1d)',
    scenario: 'S5',
    params: {
      n_embd: { default: 64, min: 8, max: 384, integer: true, doc: 'embedding width' },
      n_head: { default: 4, min: 1, max: 12, integer: true, doc: 'attention heads (must divide n_embd)' },
      n_layer: { default: 2, min: 1, max: 8, integer: true, doc: 'transformer blocks' },
      block_size: { default: 64, min: 8, max: 256, integer: true, doc: 'context length' },
      dropout: { default: 0.1, min: 0, max: 0.5, doc: 'dropout probability (training only)' },
      eval_every: { default: 50, min: 1, max: 10000, integer: true, doc: 'iterations between train/validation evaluations' },
    },
    generators: ['toddler'],
    defaultData: { generator: 'toddler', n: 3000 },
    acceptsPoints: false,
    acceptsText: true,
    path: 'tensor',
  },
};

export const MODEL_IDS = Object.keys(MODEL_CATALOG);
