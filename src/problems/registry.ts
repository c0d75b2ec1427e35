/**
 * The problem table: one entry per problem id of the experiment format. The UI's problem list, its
 * problem-parameter sliders and the experiment validator are driven by it.
 */
import type { Rng } from '../rng';
import type { DataSpec } from '../experiment/types';
import type { Problem } from './problem';
import { SURFACES } from './surfaces';
import { REGRESSIONS } from './regression';
import { POLYNOMIAL } from './polynomial';
import { TWO_WELL } from './twoWell';
import { CONSTRAINTS } from './constraints';
import { FLAT_SHARP } from './flatSharp';
import { EXPRESSION_PROBLEMS } from '../parse/expressionProblem';

export interface ParamSpec {
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  log?: boolean;
  doc: string;
}

/** Inputs of a problem beyond its numeric parameters and data. */
export interface ProblemExtra {
  /** The typed objective f(x, y) (problem `expression`). */
  expression?: string;
}

/** What the validator and the UI know of a problem, whichever numeric path runs it. */
export interface ProblemMeta {
  id: string;
  label: string;
  /** Scenario tag from SCENARIOS.md ("S4") or "surface". */
  scenario: string;
  /** problemParams with defaults and ranges. */
  params: Record<string, ParamSpec>;
  /** Data generators this problem accepts (the first is the default); empty for pure functions. */
  generators: string[];
  /** Defaults of the data spec (n, noise, d) for the default generator. */
  defaultData?: { generator: string; n?: number; noise?: number; d?: number };
  /** Whether user data `{points}` is accepted. */
  acceptsPoints: boolean;
  /** Whether user text `{text}` is accepted (the character transformer). */
  acceptsText?: boolean;
  /** 'float64' (default): the analytic engine; 'tensor': a neural model on TF.js, in the worker. */
  path?: 'float64' | 'tensor';
}

export interface ProblemSpec extends ProblemMeta {
  /**
   * Builds the problem; `params` already has every default filled in; `rng` is the data stream;
   * `extra` carries the experiment's other inputs (the typed objective of `expression`).
   */
  make(params: Record<string, number>, data: DataSpec | undefined, rng: Rng, extra?: ProblemExtra): Problem;
}

export const PROBLEMS: Record<string, ProblemSpec> = {
  ...REGRESSIONS,
  ...TWO_WELL,
  ...CONSTRAINTS,
  ...POLYNOMIAL,
  ...FLAT_SHARP,
  ...SURFACES,
  ...EXPRESSION_PROBLEMS,
};

export const PROBLEM_IDS = Object.keys(PROBLEMS);

/** problemParams with defaults filled in. */
export function paramsWithDefaults(id: string, given: Record<string, number> = {}): Record<string, number> {
  const spec = PROBLEMS[id];
  const out: Record<string, number> = {};
  for (const [k, p] of Object.entries(spec.params)) out[k] = p.default;
  return { ...out, ...given };
}

/** Checks problemParams against the spec (known names, finite, in range, integer). */
export function checkParams(id: string, params: Record<string, number>): void {
  const spec = PROBLEMS[id];
  for (const [k, v] of Object.entries(params)) {
    const p = spec.params[k];
    if (!p) throw new Error(`problemParams.${k}: unknown parameter for ${id}${Object.keys(spec.params).length ? ` (known: ${Object.keys(spec.params).join(', ')})` : ''}`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`problemParams.${k}: must be a finite number, got ${v}`);
    if (v < p.min || v > p.max) throw new Error(`problemParams.${k}: must be in [${p.min}, ${p.max}], got ${v}`);
    if (p.integer && !Number.isInteger(v)) throw new Error(`problemParams.${k}: must be an integer, got ${v}`);
  }
}

/**
 * Builds a problem by id. `rng` is the data stream (the caller picks it: `data.seed` if given, else
 * the experiment seed's 'data' fork). Throws an Error whose message names what was wrong.
 */
export function makeProblem(id: string, params: Record<string, number> | undefined, data: DataSpec | undefined, rng: Rng, extra?: ProblemExtra): Problem {
  const spec = PROBLEMS[id];
  if (!spec) throw new Error(`unknown problem "${id}" (known: ${PROBLEM_IDS.join(', ')})`);
  checkParams(id, params ?? {});
  if (data && 'points' in data && !spec.acceptsPoints) throw new Error(`data.points: problem ${id} does not take user data`);
  if (data && 'text' in data) throw new Error(`data.text: problem ${id} does not take text`);
  if (data && 'generator' in data && !spec.generators.includes(data.generator)) {
    throw new Error(`data.generator: "${data.generator}" does not apply to ${id}${spec.generators.length ? ` (use ${spec.generators.join(' or ')})` : ' (it takes no data)'}`);
  }
  return spec.make(paramsWithDefaults(id, params), data, rng, extra);
}
