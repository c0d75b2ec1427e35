/**
 * Lecture mode and embedding (docs/links.md): which parts of the page show, one view full-screen, and
 * the keyboard. The flags come from the link (`lecture=1`, `embed=1`, `hide=…`) and stay in it, with
 * what the views show (`views=…`, views/linkPrefs.ts), when the hash is rewritten (withViewFlags).
 * Keys, whenever focus is not in a text field:
 *   space play/pause · → one step · r reset; in lecture or embed mode also 1–9 (view n full-screen)
 *   and Esc (leave lecture mode).
 */
import { create } from 'zustand';
import { VIEW_KEYS, decodeViewFlags, encodeViewFlags, type HidePart, type ViewFlags } from '../../src/index';
import { pause, play, reset, step } from '../session';
import { useStore } from '../store';
import { encodeLinkedPrefs } from '../views/linkPrefs';
import { VIEW_IDS, setSlot } from '../views/prefs';

export const useLecture = create<ViewFlags>()(() => ({ lecture: false, embed: false, hide: [] }));

/** Parts hidden now: the link's list, plus everything but the views when embedded. */
export function hiddenParts(f: ViewFlags): Set<HidePart> {
  const out = new Set<HidePart>(f.hide);
  if (f.embed) for (const p of ['controls', 'notice', 'status', 'pickers'] as const) out.add(p);
  return out;
}

/** Class names of the app root for the flags. */
export function lectureClasses(f: ViewFlags): string {
  const c: string[] = [];
  if (f.lecture) c.push('lecture');
  if (f.embed) c.push('embed');
  if (f.lecture || f.embed) c.push('one-view');
  for (const p of hiddenParts(f)) c.push(`hide-${p}`);
  return c.join(' ');
}

/** Every view key (flags and what the views show): writeFlags replaces them all. */
const VIEW_KEY_SET = new Set<string>(VIEW_KEYS.map((k) => k.key));

/** The experiment hash `hash` with what the views show and the view flags appended (the link writer calls this). */
export function withViewFlags(hash: string): string {
  return [hash, encodeLinkedPrefs(), encodeViewFlags(useLecture.getState())].filter((p) => p !== '').join('&');
}

/** Rewrites the address bar's view flags in place (no history entry, no reload). */
function writeFlags(): void {
  const body = location.hash.replace(/^#/, '');
  const kept = body.split('&').filter((p) => p !== '' && !VIEW_KEY_SET.has(decodeKeySafe(p.split('=')[0])));
  const hash = withViewFlags(kept.join('&'));
  try {
    history.replaceState(history.state, '', hash ? `#${hash}` : location.pathname + location.search);
  } catch {
    // a URL the browser refuses: the mode still applies
  }
}

function decodeKeySafe(k: string): string {
  try {
    return decodeURIComponent(k);
  } catch {
    return k;
  }
}

export function setLecture(on: boolean): void {
  useLecture.setState({ lecture: on, ...(on ? {} : { embed: false }) });
  writeFlags();
}

/** Puts view n (1-based, in the view list's order) full-screen. */
export function showView(n: number): void {
  const id = VIEW_IDS[n - 1];
  if (id) setSlot(0, id);
}

/** Fields that take keys themselves (every input: text, sliders, check boxes; selects; editable text). */
function isFieldTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

/** Elements that space activates (buttons, links, summaries, ARIA widgets). */
function isActivatable(t: EventTarget | null): boolean {
  return t instanceof Element && t.closest('button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"], [role="tab"], [role="menuitem"]') !== null;
}

export function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isFieldTarget(e.target)) return;
  const s = useStore.getState();
  const f = useLecture.getState();
  const oneView = f.lecture || f.embed;
  const onButton = isActivatable(e.target);
  if (e.key === ' ' || e.code === 'Space') {
    // A focused button takes space itself, except in lecture/embed mode, where space is always play/pause.
    if (onButton && !oneView) return;
    e.preventDefault();
    if (s.playing) pause();
    else if (s.info && !s.done) play();
  } else if (e.key === 'ArrowRight') {
    e.preventDefault();
    if (!s.playing && s.info && !s.done) step();
  } else if (e.key === 'r' || e.key === 'R') {
    if (e.shiftKey) return;
    e.preventDefault();
    reset();
  } else if (oneView && /^[1-9]$/.test(e.key)) {
    e.preventDefault();
    showView(Number(e.key));
  } else if (e.key === 'Escape' && f.lecture) {
    e.preventDefault();
    setLecture(false);
  }
}

/** Reads the flags of the opened link and follows pasted links; installs the keyboard. Once. */
let installed = false;
export function installLecture(): void {
  if (installed) return;
  installed = true;
  useLecture.setState(decodeViewFlags(location.hash));
  window.addEventListener('hashchange', () => useLecture.setState(decodeViewFlags(location.hash)));
  window.addEventListener('keydown', onKey);
  // A button activates on the keyup of space: not in lecture/embed mode, where keydown already played or paused.
  window.addEventListener('keyup', (e) => {
    const f = useLecture.getState();
    if ((f.lecture || f.embed) && (e.key === ' ' || e.code === 'Space') && isActivatable(e.target) && !isFieldTarget(e.target)) e.preventDefault();
  });
}
