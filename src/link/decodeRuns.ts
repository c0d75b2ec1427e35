/**
 * The runs of a link: keys `r<i>.<key>` grouped by i (0 ≤ i < LIMITS.runs), in index order. A run
 * needs a valid `r<i>.opt`; without one the run is dropped (reported once). Every other key falls back
 * on its own: a bad label gives the optimizer's name, a bad hyperparameter the optimizer's default.
 */
import { LIMITS, checkHyper } from '../experiment/schema';
import type { RunSpec } from '../experiment/types';
import { OPTIMIZERS } from '../optim/aliases';
import type { ScheduleSpec } from '../optim/schedules';
import type { Hyper } from '../optim/transform';
import { show } from './codecs';
import { Issues, decodeKey } from './issues';
import { RUN_KEYS, SCHEDULE_KEYS, hyperCodec } from './keys';
import type { Pairs } from './migrations';

const RUN_KEY = /^r(0|[1-9]\d{0,5})\.(.+)$/s;

export interface DecodedRuns {
  runs: RunSpec[];
  /** The link index i of each run (runs may have been dropped in between). */
  indices: number[];
}

/** Moves every `r<i>.*` key out of `pairs`, grouped by index. */
function groupRunKeys(pairs: Pairs, issues: Issues): Map<number, Map<string, string>> {
  const groups = new Map<number, Map<string, string>>();
  const tooMany = new Set<number>();
  for (const [key, value] of [...pairs]) {
    const m = RUN_KEY.exec(key);
    if (!m) continue;
    pairs.delete(key);
    const i = Number(m[1]);
    if (i >= LIMITS.runs) {
      if (!tooMany.has(i)) issues.add(`r${i}`, `at most ${LIMITS.runs} runs (r0 … r${LIMITS.runs - 1}); run r${i} ignored`);
      tooMany.add(i);
      continue;
    }
    if (!groups.has(i)) groups.set(i, new Map());
    groups.get(i)!.set(m[2], value);
  }
  return groups;
}

function decodeSchedule(prefix: string, sub: Map<string, string>, issues: Issues): ScheduleSpec | undefined {
  const [kindField, ...rest] = SCHEDULE_KEYS;
  const kindText = sub.get(kindField.key);
  sub.delete(kindField.key);
  const kind = kindText === undefined ? undefined : decodeKey(issues, prefix + kindField.key, kindText, kindField.codec);
  const schedule = kind === undefined ? undefined : ({ kind } as ScheduleSpec);
  for (const f of rest) {
    const text = sub.get(f.key);
    if (text === undefined) continue;
    sub.delete(f.key);
    if (!schedule) {
      issues.add(prefix + f.key, `needs a valid ${prefix}sched; ignored`);
      continue;
    }
    const v = decodeKey(issues, prefix + f.key, text, f.codec);
    if (v !== undefined) f.set(schedule, v);
  }
  return schedule;
}

function decodeRun(i: number, sub: Map<string, string>, issues: Issues): RunSpec | null {
  const prefix = `r${i}.`;
  const [optField, ...fields] = RUN_KEYS;
  const optText = sub.get(optField.key);
  sub.delete(optField.key);
  const others = sub.size ? ` (and its ${sub.size} other key${sub.size > 1 ? 's' : ''})` : '';
  if (optText === undefined) {
    issues.add(prefix + optField.key, `missing; run r${i}${others} ignored`);
    return null;
  }
  const d = optField.codec.decode(optText);
  if (!d.ok) {
    issues.add(prefix + optField.key, `${d.reason}; run r${i}${others} ignored`);
    return null;
  }
  const spec = OPTIMIZERS[d.value as string];
  const run: RunSpec = { label: spec.label, optimizer: spec.id };
  for (const f of fields) {
    const text = sub.get(f.key);
    if (text === undefined) continue;
    sub.delete(f.key);
    const v = decodeKey(issues, prefix + f.key, text, f.codec);
    if (v !== undefined) f.set(run, v);
  }
  const schedule = decodeSchedule(prefix, sub, issues);
  if (schedule) run.schedule = schedule;
  const hyper: Hyper = {};
  for (const [name, text] of sub) {
    if (!Object.hasOwn(spec.hyper, name)) {
      issues.add(prefix + name, `${spec.id} has no hyperparameter ${show(name)} (it has ${Object.keys(spec.hyper).join(', ')}); ignored`);
      continue;
    }
    const v = decodeKey(issues, prefix + name, text, hyperCodec(spec.hyper[name]));
    if (v === undefined) continue;
    const msg = checkHyper(spec.hyper[name], v); // the validator's own rule has the last word
    if (msg) issues.add(prefix + name, `${msg}; ignored`);
    else hyper[name] = v;
  }
  if (spec.id === 'sgd' && hyper.nesterov === true) {
    const mu = (hyper.momentum as number | undefined) ?? 0, tau = (hyper.dampening as number | undefined) ?? 0;
    if (mu <= 0 || tau !== 0) {
      issues.add(`${prefix}nesterov`, 'Nesterov momentum needs a momentum > 0 and zero dampening; ignored');
      delete hyper.nesterov;
    }
  }
  if (Object.keys(hyper).length) run.hyper = hyper;
  return run;
}

/** Decodes every run of the link (moving their keys out of `pairs`). */
export function decodeRuns(pairs: Pairs, issues: Issues): DecodedRuns {
  const groups = groupRunKeys(pairs, issues);
  const out: DecodedRuns = { runs: [], indices: [] };
  for (const i of [...groups.keys()].sort((a, b) => a - b)) {
    const run = decodeRun(i, groups.get(i)!, issues);
    if (run) {
      out.runs.push(run);
      out.indices.push(i);
    }
  }
  return out;
}
