/**
 * View flags of a link (docs/links.md, "Lecture mode and embedding"): how the page is shown, not what
 * it runs, so they live beside the experiment keys and never change the experiment.
 *
 *   lecture=1                 lecture mode: large type, high contrast, one view full-screen, keyboard
 *   embed=1                   for slides: the views only, no controls or notices
 *   hide=controls,runs,…      parts of the page to hide (HIDE_PARTS)
 *
 * Each key is validated like the others: a bad value is dropped, and each unknown `hide` item is
 * reported as ignored while the known ones apply.
 */
import { bool, show } from './codecs';
import type { Issues } from './issues';
import type { Pairs } from './migrations';
import { VIEW_PREF_KEYS } from './viewPrefs';

/** Parts of the page a link can hide. */
export const HIDE_PARTS = ['controls', 'presets', 'transport', 'problem', 'runs', 'export', 'status', 'notice', 'pickers'] as const;
export type HidePart = (typeof HIDE_PARTS)[number];

export interface ViewFlags {
  lecture: boolean;
  embed: boolean;
  hide: HidePart[];
}

export const NO_VIEW_FLAGS: ViewFlags = Object.freeze({ lecture: false, embed: false, hide: [] as HidePart[] }) as ViewFlags;

/** Every view key (these flags, then what the views show: viewPrefs.ts), for docs and collision checks. */
export const VIEW_KEYS = [
  { key: 'lecture', default: 'false', doc: '`1`: lecture mode (large type, high contrast, one view full-screen, keyboard control)' },
  { key: 'embed', default: 'false', doc: '`1`: embed mode for slides (the views only: no controls, notices or view pickers)' },
  { key: 'hide', default: '—', doc: `comma-separated parts to hide: ${HIDE_PARTS.join(', ')}` },
  ...VIEW_PREF_KEYS,
] as const;

/** At most this many `hide` items are read (a hostile list is cut, and reported). */
const MAX_HIDE_ITEMS = 20;

/** Takes the view keys out of `pairs` (so they are not "unknown"), validating each; reports what was ignored. */
export function takeViewFlags(pairs: Pairs, issues: Issues): ViewFlags {
  const flags: ViewFlags = { lecture: false, embed: false, hide: [] };
  for (const key of ['lecture', 'embed'] as const) {
    const text = pairs.get(key);
    if (text === undefined) continue;
    pairs.delete(key);
    const d = bool.decode(text);
    if (d.ok) flags[key] = d.value;
    else issues.add(key, `${d.reason}; ignored`);
  }
  const text = pairs.get('hide');
  if (text !== undefined) {
    pairs.delete('hide');
    const known = new Set<string>(HIDE_PARTS);
    const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (items.length > MAX_HIDE_ITEMS) issues.add('hide', `has ${items.length} items; only the first ${MAX_HIDE_ITEMS} are read`);
    for (const item of items.slice(0, MAX_HIDE_ITEMS)) {
      if (!known.has(item)) issues.add('hide', `unknown part ${show(item)} (known: ${HIDE_PARTS.join(', ')}); ignored`);
      else if (!flags.hide.includes(item as HidePart)) flags.hide.push(item as HidePart);
    }
  }
  return flags;
}

/** The view flags as link pairs (`&`-joined, '' when none), appended after the experiment's keys. */
export function encodeViewFlags(flags: ViewFlags): string {
  const parts: string[] = [];
  if (flags.lecture) parts.push('lecture=1');
  if (flags.embed) parts.push('embed=1');
  if (flags.hide.length) parts.push(`hide=${flags.hide.join(',')}`);
  return parts.join('&');
}
