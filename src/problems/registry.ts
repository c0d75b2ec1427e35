/**
 * The problem table: one entry per problem id of the experiment format. The UI's problem list, its
 * problem-parameter sliders and the experiment validator are driven by it.
 */
import type { Rng } from '../rng';
import type { DataSpec } from '../experiment/types';
import type { Problem } from './problem';
import { SURFACES } from './surfaces';

export interface ParamSpec {
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  log?: boolean;
  doc: string;
}

export interface ProblemSpec {
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
  /** Builds the problem; `params` already has every default filled in; `rng` is the data stream. */
  make(params: Record<string, number>, data: DataSpec | undefined, rng: Rng): Problem;
}

export const PROBLEMS: Record<string, ProblemSpec> = {
  ...SURFACES,
};

export const PROBLEM_IDS = Object.keys(PROBLEMS);

/** problemParams with defaults filled in. */
export function paramsWithDefaults(id: string, given: Record<string, number> = {}): Record<string, number> {
  const spec = PROBLEMS[id];
  const out: Record<string, number> = {};
  for (const [k, p] of Object.entries(spec.params)) out[k] = p.default;
  return { ...out, ...given };
}

/** Builds a problem by id. Throws an Error whose message names what was wrong. */
export function makeProblem(id: string, params: Record<string, number> | undefined, data: DataSpec | undefined, rng: Rng): Problem {
  const spec = PROBLEMS[id];
  if (!spec) throw new Error(`unknown problem "${id}" (known: ${PROBLEM_IDS.join(', ')})`);
  return spec.make(paramsWithDefaults(id, params), data, rng);
}
