/**
 * Experiment → link: `v=1&problem=…&p.<name>=…&data=…&steps=…&r0.opt=…&r0.label=…&r0.lr=…&z=…`.
 *
 * Every present field is written, absent ones are not (the decoder leaves them absent), in a fixed
 * order: version, problem, problem parameters, data, settings, runs (opt, fixed keys, schedule,
 * hyperparameters). Fields whose table entry says `payload` (user data points) go into the compressed
 * payload `z`, written last. Encoding does not validate: an invalid experiment gives a link whose
 * decoding reports what is wrong.
 */
import type { Experiment } from '../experiment/types';
import {
  DATA_KEYS, EXPERIMENT_KEYS, LINK_VERSION, PARAM_PREFIX, PAYLOAD_KEY, POINTS_KEY, RUN_KEYS, TEXT_KEY, SCHEDULE_KEYS, VERSION_KEY,
  encodeHyperValue, type Field,
} from './keys';
import { encodeNumber } from './codecs';
import { packPayload } from './payload';

// A lone UTF-16 surrogate has no UTF-8 form (encodeURIComponent throws): it becomes U+FFFD.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Percent-encodes a key or value; commas stay readable (they separate list elements). */
function escape(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd')).replace(/%2C/g, ',');
}

/** The key=value pairs and payload entries of an experiment, in link order. */
export function linkPairs(e: Experiment): { flat: [string, string][]; payload: Record<string, string> } {
  const flat: [string, string][] = [[VERSION_KEY, String(LINK_VERSION)]];
  const payload: Record<string, string> = {};
  const put = <S>(f: Field<S>, s: S, prefix = '') => {
    const v = f.get(s);
    if (v === undefined) return;
    let text: string;
    try {
      text = f.codec.encode(v);
    } catch {
      return; // a value of the wrong type (an invalid experiment): nothing sensible to write
    }
    if (f.place === 'payload') payload[prefix + f.key] = text;
    else flat.push([prefix + f.key, text]);
  };
  put(EXPERIMENT_KEYS[0], e);
  for (const [k, v] of Object.entries(e.problemParams ?? {})) flat.push([PARAM_PREFIX + k, encodeNumber(v)]);
  if (e.data && 'points' in e.data) payload[POINTS_KEY.key] = POINTS_KEY.codec.encode(e.data.points);
  else if (e.data && 'text' in e.data) payload[TEXT_KEY.key] = TEXT_KEY.codec.encode(e.data.text);
  else if (e.data) for (const f of DATA_KEYS) put(f, e.data);
  for (const f of EXPERIMENT_KEYS.slice(1)) put(f, e);
  e.runs.forEach((run, i) => {
    const prefix = `r${i}.`;
    for (const f of RUN_KEYS) put(f, run, prefix);
    if (run.schedule) for (const f of SCHEDULE_KEYS) put(f, run.schedule, prefix);
    // By the value's type: the same text as the spec's codec for every valid value.
    for (const [name, v] of Object.entries(run.hyper ?? {})) flat.push([prefix + name, encodeHyperValue(v)]);
  });
  return { flat, payload };
}

/** Encodes an experiment as a URL hash body (without `#`). */
export async function encodeLink(e: Experiment): Promise<string> {
  const { flat, payload } = linkPairs(e);
  const parts = flat.map(([k, v]) => `${escape(k)}=${escape(v)}`);
  if (Object.keys(payload).length) parts.push(`${PAYLOAD_KEY}=${await packPayload(payload)}`);
  return parts.join('&');
}
