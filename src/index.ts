/**
 * The engine's public entry: what app/ may use. The page never runs the engine itself; it talks to
 * the worker (src/worker/entry.ts) through the protocol, and uses these tables and validators to
 * build experiments and controls. A lint rule keeps app/ from reaching past this file.
 */
export type { Experiment, RunSpec, DataSpec, RecordSpec } from './experiment/types';
export { BACKEND_CHOICES, type BackendChoice } from './experiment/types';
export { parseExperiment, parseExperimentText, checkHyper, LIMITS, type ParseResult } from './experiment/schema';
export type { Trace, TraceRun } from './experiment/trace';
export type { Hyper, HyperValue } from './optim/transform';
export { OPTIMIZERS, OPTIMIZER_IDS, withDefaults, type HyperSpec, type OptimizerSpec } from './optim/aliases';
export type { ScheduleSpec, ScheduleKind } from './optim/schedules';
export { PROBLEMS, PROBLEM_IDS, type ProblemSpec, type ParamSpec } from './problems/registry';
export type { FromWorker, ToWorker, ProblemInfo, RunStatus, ContourGrid, CurveGrid } from './worker/protocol';
export { INTERNALS_MAX_DIM, type RunInternals } from './worker/protocol';
export { FIELDS, decodeFrame, frameLength, type Field, type RunPoints } from './worker/frame';
export { Ema, IterateAverage, ema, lastFiniteIndex, nearestIndex, plottable, pow2Indices, squaredDistance } from './view/series';
export { FIT_PROBLEMS, linspace, meanSquaredResidual, modelPredictor, predictGrid, type Predictor } from './view/predict';
export { pageProblem, sameProblem, type PageProblem } from './view/pageProblem';
export { texNumber, updateRuleTex, type LiveValues, type RuleTex } from './view/updateRules';
export { encodeLink, decodeLink, LINK_LIMITS, type DecodedLink, type LinkIssue } from './link/index';
export { parseCsv, CSV_LIMITS, type CsvResult } from './parse/csv';
export { parseExpression, EXPRESSION_LIMITS, type ExpressionResult } from './parse/expression';
export type { BackendStatus } from './worker/protocol';
export type { BetaGridRequest } from './tensor/analysis';
export type { ResumePoint } from './run/runner';
export { MODEL_CATALOG, MODEL_IDS } from './models/catalog';
export { validateUserText, TEXT_LIMITS, type TextCheck } from './models/corpus';
export { mlpForward, mlpParamCount, mlpShape, type MlpShape, type MlpActivation } from './view/mlpForward';
export { finiteRange, logRows, maxAbs, parseNumberList, placeCells, strideIndices, type ListResult, type ListSpec } from './view/analysis';
export {
  S3_SWEEP, sweepSize, sweepSeries,
  type SweepSpec, type SweepCell, type SweepTuned, type SweepBatch, type SweepOptimizer, type SweepPoint, type StepSizeSummary,
} from './run/sweep';
export {
  PRESETS, PRESETS_BY_ID, SCENARIO_ORDER, SCENARIO_TITLES, presetGroups,
  type Preset, type PresetView, type ScenarioId,
} from './presets/presets';
export { traceFromColumns, traceCsv, parseTrace, type ColumnRun } from './export/trace';
export { pytorchScript, pytorchUnsupported, PYTORCH_OPTIMIZERS, type PytorchResult } from './export/pytorch';
export { decodeViewFlags, encodeViewFlags, HIDE_PARTS, VIEW_KEYS, type HidePart, type ViewFlags } from './link/index';
export { DEFAULT_VIEW_PREFS, encodeViewPrefs, type LinkViewPrefs } from './link/index';
export { DEFAULT_SLOTS, VIEW_IDS, type ViewId } from './view/viewIds';
