/**
 * Link → experiment. Decoding is per key: each value is decoded by its codec and checked against its
 * range; a bad or hostile value is dropped (the field falls back to its default) or clamped, and
 * reported in `ignored` with a reason naming the key. The rest of the link still loads, and the
 * result always passes `parseExperiment`. Nothing from a link is evaluated.
 *
 * Order: split the hash into pairs (length-capped, percent-decoded) → merge the inflated payload `z`
 * → read `v` and migrate → experiment keys → data → runs → cross-key checks (`repair.ts`).
 */
import { parseExperiment } from '../experiment/schema';
import type { DataSpec, Experiment, GeneratedData } from '../experiment/types';
import { GENERATORS } from '../problems/data';
import { show, type Codec } from './codecs';
import { Issues, decodeKey, type LinkIssue } from './issues';
import {
  DATA_KEYS, DEFAULT_PROBLEM, DEFAULT_RUN, EXPERIMENT_KEYS, LINK_LIMITS, LINK_VERSION, PARAM_PREFIX, PAYLOAD_KEY,
  POINTS_KEY, PROBLEM_TABLE, TEXT_KEY, VERSION_KEY, paramCodec,
} from './keys';
import { migrate, type Pairs } from './migrations';
import { unpackPayload } from './payload';
import { decodeRuns } from './decodeRuns';
import { repair } from './repair';
import { NO_VIEW_FLAGS, takeViewFlags, type ViewFlags } from './view';
import { DEFAULT_VIEW_PREFS, takeViewPrefs, type LinkViewPrefs } from './viewPrefs';

export type { LinkIssue };

export interface DecodedLink {
  /** Always a valid experiment (`parseExperiment` accepts it). */
  experiment: Experiment;
  /** Keys that were dropped, clamped or cleaned, each with the reason. */
  ignored: LinkIssue[];
  /** How to show the page (lecture, embed, hidden parts): view.ts. */
  view: ViewFlags;
  /** What the views show (slots, x axis, internals, slice): viewPrefs.ts. */
  viewPrefs: LinkViewPrefs;
}

const fallback = (): Experiment => ({ version: 1, problem: DEFAULT_PROBLEM, runs: [{ ...DEFAULT_RUN }] });

/** Splits `a=1&b=2` into percent-decoded pairs; the first of duplicate keys wins. */
function readPairs(hash: string, issues: Issues): Pairs {
  const pairs: Pairs = new Map();
  for (const part of hash.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    let key: string, value: string;
    try {
      key = decodeURIComponent(rawKey);
      value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    } catch {
      issues.add(rawKey, 'is not valid percent-encoding; ignored');
      continue;
    }
    if (eq < 0) issues.add(key, 'has no value (key=value); ignored');
    else if (pairs.has(key)) issues.add(key, 'appears more than once; the first one is used');
    else pairs.set(key, value);
  }
  return pairs;
}

/** Moves `key` out of `pairs` (what is left at the end is unknown). */
function take(pairs: Pairs, key: string): string | undefined {
  const v = pairs.get(key);
  pairs.delete(key);
  return v;
}

function readVersion(pairs: Pairs, issues: Issues): number {
  const text = take(pairs, VERSION_KEY);
  if (text === undefined) {
    issues.add(VERSION_KEY, `missing; read as version ${LINK_VERSION}`);
    return LINK_VERSION;
  }
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    issues.add(VERSION_KEY, `${show(text)} is not a version number; read as version ${LINK_VERSION}`);
    return LINK_VERSION;
  }
  return Number(text);
}

function decodeProblem(pairs: Pairs, e: Experiment, issues: Issues): void {
  const text = take(pairs, 'problem');
  const value = text === undefined ? undefined : decodeKey(issues, 'problem', text, EXPERIMENT_KEYS[0].codec);
  if (value === undefined) {
    if (text === undefined) issues.add('problem', `missing; using ${DEFAULT_PROBLEM}`);
    return; // e.problem keeps DEFAULT_PROBLEM
  }
  e.problem = value as string;
  const spec = PROBLEM_TABLE[e.problem];
  const params: Record<string, number> = {};
  for (const key of [...pairs.keys()]) {
    if (!key.startsWith(PARAM_PREFIX)) continue;
    const name = key.slice(PARAM_PREFIX.length), text = take(pairs, key)!;
    if (!Object.hasOwn(spec.params, name)) {
      const known = Object.keys(spec.params);
      issues.add(key, `${e.problem} has no parameter ${show(name)}${known.length ? ` (it has ${known.join(', ')})` : ''}; ignored`);
      continue;
    }
    const v = decodeKey(issues, key, text, paramCodec(spec.params[name]));
    if (v !== undefined) params[name] = v;
  }
  if (Object.keys(params).length) e.problemParams = params;
}

/** User data (points or text, from the payload) or generated data (`data=` and its fields). */
function decodeData(pairs: Pairs, e: Experiment, issues: Issues): void {
  const spec = PROBLEM_TABLE[e.problem];
  const user = [POINTS_KEY, TEXT_KEY].map((f) => [f, take(pairs, f.key)] as const).filter(([, t]) => t !== undefined);
  const given = DATA_KEYS.map((f) => [f, take(pairs, f.key)] as const).filter(([, t]) => t !== undefined);
  let data: DataSpec | undefined;
  for (const [f, t] of user) {
    const accepts = f.key === 'points' ? spec.acceptsPoints : spec.acceptsText === true;
    if (data) issues.add(f.key, 'the link holds other user data; ignored');
    else if (!accepts) issues.add(f.key, `problem ${e.problem} does not take user ${f.key === 'points' ? 'data' : 'text'}; ignored`);
    else {
      const v = decodeKey(issues, f.key, t!, f.codec as Codec<unknown>);
      if (v !== undefined) data = (f.key === 'points' ? { points: v } : { text: v }) as DataSpec;
    }
  }
  if (data) {
    for (const [f] of given) issues.add(f.key, 'the link holds user data; ignored');
  } else if (given.length && spec.generators.length === 0) {
    for (const [f] of given) issues.add(f.key, `problem ${e.problem} takes no data; ignored`);
  } else if (given.length) {
    const d: GeneratedData = { generator: spec.generators[0] };
    let any = false;
    for (const [f, t] of given) {
      const v = decodeKey(issues, f.key, t!, f.codec);
      if (v === undefined) continue;
      if (f.key === 'data' && !spec.generators.includes(v as string)) {
        issues.add('data', `generator ${show(v as string)} does not apply to ${e.problem} (use ${spec.generators.join(' or ')}); ignored`);
        continue;
      }
      f.set(d, v);
      any = true;
    }
    const fixedD = Object.hasOwn(GENERATORS, d.generator) ? GENERATORS[d.generator].fixedD : undefined;
    if (d.d !== undefined && fixedD !== undefined && d.d !== fixedD) {
      issues.add('d', `generator ${d.generator} has input dimension ${fixedD}, got ${d.d}; ignored`);
      delete d.d;
    }
    if (any) data = d;
  }
  if (data) e.data = data;
}

function decodeSettings(pairs: Pairs, e: Experiment, issues: Issues): void {
  for (const f of EXPERIMENT_KEYS.slice(1)) {
    const text = take(pairs, f.key);
    if (text === undefined) continue;
    const v = decodeKey(issues, f.key, text, f.codec);
    if (v !== undefined) f.set(e, v);
  }
  if (e.steps !== undefined && e.epochs !== undefined) {
    issues.add('epochs', 'steps is given too (give one of the two); ignored');
    delete e.epochs;
  }
}

async function decodeUnchecked(hash: string, issues: Issues, view: { flags: ViewFlags; prefs: LinkViewPrefs }): Promise<Experiment> {
  const e = fallback();
  if (typeof hash !== 'string') {
    issues.add('(link)', 'is not text; using the default experiment');
    return e;
  }
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return e;
  if (body.length > LINK_LIMITS.hash) {
    issues.add('(link)', `is ${(body.length / 1e6).toFixed(1)} MB long; the limit is ${LINK_LIMITS.hash / 1e6} MB; using the default experiment`);
    return e;
  }
  let pairs = readPairs(body, issues);
  const z = take(pairs, PAYLOAD_KEY);
  if (z !== undefined) {
    const payload = await unpackPayload(z);
    if (!payload.ok) issues.add(PAYLOAD_KEY, `${payload.reason}; ignored (user data is lost)`);
    else {
      for (const [k, v] of Object.entries(payload.entries)) {
        if (pairs.has(k)) issues.add(k, 'appears both in the link and in its payload z; the flat one is used');
        else pairs.set(k, v);
      }
    }
  }
  const migrated = migrate(pairs, readVersion(pairs, issues));
  pairs = migrated.pairs;
  issues.addAll(migrated.issues);
  view.flags = takeViewFlags(pairs, issues);
  view.prefs = takeViewPrefs(pairs, issues);
  decodeProblem(pairs, e, issues);
  decodeData(pairs, e, issues);
  decodeSettings(pairs, e, issues);
  const { runs, indices } = decodeRuns(pairs, issues);
  e.runs = runs;
  if (e.runs.length === 0) {
    issues.add('r0.opt', 'no valid run in the link; using one SGD run');
    e.runs = [{ ...DEFAULT_RUN }];
    indices.push(0);
  }
  for (const key of pairs.keys()) issues.add(key, 'unknown key; ignored');
  repair(e, indices, issues);
  return e;
}

/**
 * Decodes a URL hash (with or without `#`) into an experiment. Never throws; the experiment is always
 * valid. A hash longer than LINK_LIMITS.hash is refused whole (the default experiment, reported).
 */
export async function decodeLink(hash: string): Promise<DecodedLink> {
  const issues = new Issues();
  const view = { flags: NO_VIEW_FLAGS, prefs: DEFAULT_VIEW_PREFS as LinkViewPrefs };
  let experiment: Experiment;
  try {
    experiment = await decodeUnchecked(hash, issues, view);
  } catch (err) {
    // A bug, not bad input (the property tests look for this reason): still open the page.
    issues.add('(link)', `internal error while reading the link: ${String((err as Error)?.message ?? err)}; using the default experiment`);
    experiment = fallback();
  }
  const check = parseExperiment(experiment);
  if (!check.ok) {
    for (const m of check.errors) issues.add('(link)', `internal error: the decoded experiment is invalid (${m}); using the default experiment`);
    experiment = fallback();
  }
  return { experiment, ignored: issues.done(), view: view.flags, viewPrefs: structuredClone(view.prefs) };
}

/**
 * Only the view flags of a hash (no experiment, no messages: decodeLink reports bad values), for the
 * page to pick its layout before the experiment is decoded. Never throws.
 */
export function decodeViewFlags(hash: string): ViewFlags {
  if (typeof hash !== 'string') return NO_VIEW_FLAGS;
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '' || body.length > LINK_LIMITS.hash) return NO_VIEW_FLAGS;
  const pairs = readPairs(body, new Issues());
  return takeViewFlags(pairs, new Issues());
}
