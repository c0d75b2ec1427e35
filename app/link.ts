/**
 * The experiment in the URL hash (docs/links.md). On start-up, and when a link is pasted into the
 * address bar, the hash is decoded, its experiment loaded and what its views show applied; what the
 * decoder ignored is shown in a notice (LinkNotice). Every change of the experiment or of what the
 * views show is written back with a debounced `history.replaceState` (no history entry per slider
 * move). "Copy link" puts the full URL on the clipboard.
 */
import { create } from 'zustand';
import { LINK_LIMITS, decodeLink, encodeLink, type LinkIssue } from '../src/index';
import { loadExperiment } from './session';
import { useStore } from './store';
import { withViewFlags } from './lecture/lecture';
import { applyLinkedPrefs, checkSliceOnLoad, linkedPrefsChanged } from './views/linkPrefs';
import { usePrefs } from './views/prefs';

/** Quiet time before the hash follows an edit. */
export const HASH_QUIET_MS = 300;

export type CopyState = 'idle' | 'copied' | 'failed' | 'too long';

interface LinkState {
  /** Keys of the opened link that were dropped or changed, with reasons (shown as text). */
  ignored: LinkIssue[];
  copy: CopyState;
}

export const useLinkState = create<LinkState>()(() => ({ ignored: [], copy: 'idle' }));

/** The hash this page last read or wrote: its own writes are not news. */
let current = '';
let writeTimer: ReturnType<typeof setTimeout> | undefined;
let copyTimer: ReturnType<typeof setTimeout> | undefined;
/** Encoding is async: a newer write supersedes one still encoding (generation counter). */
let writeGen = 0;

const hashBody = () => location.hash.replace(/^#/, '');

/** Before the session starts: puts the linked experiment (if any) in the store. */
export async function openLink(): Promise<void> {
  const hash = hashBody();
  if (!hash) return;
  const { experiment, ignored, viewPrefs } = await decodeLink(hash);
  current = hash;
  useStore.setState({ experiment }); // the session starts after this and loads it
  useLinkState.setState({ ignored });
  applyLinkedPrefs(viewPrefs);
  checkSliceOnLoad(viewPrefs.slice, reportLate);
}

/** A key found wrong only once the problem loaded (a slice it does not have): into the same notice. */
function reportLate(issue: LinkIssue): void {
  useLinkState.setState((s) => ({ ignored: [...s.ignored, issue] }));
}

/** After the session starts: the hash follows the experiment, and pasted links load. */
export function watchLink(): void {
  useStore.subscribe((s, prev) => {
    // A new problem decides whether the slice can be written (linkPrefs.ts).
    if (s.experiment !== prev.experiment || (s.info && (s.info.id !== prev.info?.id || s.info.dim !== prev.info.dim))) scheduleWrite();
  });
  usePrefs.subscribe((s, prev) => {
    if (linkedPrefsChanged(s, prev)) scheduleWrite();
  });
  window.addEventListener('hashchange', () => void onHashChange());
}

async function onHashChange(): Promise<void> {
  const hash = hashBody();
  if (!hash || hash === current) return;
  current = hash;
  writeGen++; // a pending write of the old experiment must not overwrite the new link
  clearTimeout(writeTimer);
  const { experiment, ignored, viewPrefs } = await decodeLink(hash);
  useLinkState.setState({ ignored });
  applyLinkedPrefs(viewPrefs);
  loadExperiment(experiment);
  checkSliceOnLoad(viewPrefs.slice, reportLate);
}

function scheduleWrite(): void {
  clearTimeout(writeTimer);
  writeTimer = setTimeout(() => void writeHash(), HASH_QUIET_MS);
}

/** Encodes the current experiment; null if a newer write started meanwhile. */
async function encodeCurrent(): Promise<string | null> {
  const gen = ++writeGen;
  const hash = withViewFlags(await encodeLink(useStore.getState().experiment)); // what the views show, and the lecture flags
  return gen === writeGen ? hash : null;
}

async function writeHash(): Promise<string | null> {
  const hash = await encodeCurrent();
  if (hash === null || hash === current) return hash;
  current = hash;
  // A link too long to open again is not written (the address bar keeps the page's address).
  const url = hash.length <= LINK_LIMITS.hash ? `#${hash}` : location.pathname + location.search;
  try {
    history.replaceState(history.state, '', url);
  } catch {
    // Some browsers refuse very long URLs; the page keeps working without the hash.
  }
  return hash;
}

function showCopy(copy: CopyState): void {
  useLinkState.setState({ copy });
  clearTimeout(copyTimer);
  copyTimer = setTimeout(() => useLinkState.setState({ copy: 'idle' }), 2000);
}

/** Copies the link of the current experiment (and writes the hash now, without waiting). */
export async function copyLink(): Promise<void> {
  clearTimeout(writeTimer);
  const hash = await writeHash();
  if (hash === null) return;
  if (hash.length > LINK_LIMITS.hash) return showCopy('too long');
  try {
    await navigator.clipboard.writeText(`${location.origin}${location.pathname}${location.search}#${hash}`);
    showCopy('copied');
  } catch {
    showCopy('failed'); // no clipboard permission: the address bar holds the same link
  }
}

export function dismissLinkNotice(): void {
  useLinkState.setState({ ignored: [] });
}
