/**
 * One requestAnimationFrame loop for all views. A frame from the worker requests a draw; the views'
 * drawers run in the next animation frames, then the callbacks waiting for that draw (the worker's ack).
 * The loop runs only when something asked for a draw.
 *
 * A Plotly redraw costs 10–50 ms here (SVG), so running every view in one animation frame made
 * frames of 100–200 ms while runs streamed. Each frame runs drawers only until FRAME_BUDGET_MS is
 * spent (always at least one); the rest run first in the next frame, so no view starves, and the
 * callbacks wait until every drawer has run. The worker sends its next frame only after that ack,
 * so a slow page gets fewer, larger frames rather than a backlog.
 *
 * Drawing also takes at most about a third of the main thread (DRAW_SHARE): after a frame that drew
 * for D ms, the next drawing waits 2·D ms (at most MAX_REST_MS), and the frames between only tick.
 * Where a redraw costs 2–5 ms (a laptop with a GPU) that changes nothing; on a slow machine, where a
 * redraw costs 20–40 ms, the views refresh a few times a second while runs stream at full speed and
 * the page itself (hover, sliders, scrolling) stays at display rate.
 *
 * A hidden page (a background tab, a minimised window) draws nothing, but keeps taking the worker's
 * frames on a slow timer (HIDDEN_MS; browsers clamp background timers to about 1 s anyway): training goes
 * on, the run statuses stay current, and the views draw everything new as soon as the page is shown.
 */

type Drawer = () => void;

/** Period of the data-only passes while the page is hidden. */
export const HIDDEN_MS = 250;
/** A pass waits at most this long for its animation frame. */
const FALLBACK_MS = 100;
/** Drawing time per animation frame after which the remaining drawers wait for the next frame. */
export const FRAME_BUDGET_MS = 8;
/** Most of the main thread's time that drawing takes while draws keep coming. */
export const DRAW_SHARE = 1 / 3;
/** Longest rest after one expensive frame (a first draw can take a few hundred ms). */
const MAX_REST_MS = 200;

const drawers = new Set<Drawer>();
/** Drawers asked to run and not yet run, oldest request first (a deferred drawer keeps its place). */
const pending = new Set<Drawer>();
let afterDraw: (() => void)[] = [];
let scheduled = false;
/** No drawing before this time (performance.now()): the rest after the last drawing frame. */
let restUntil = 0;
/** performance.now() when the running frame began drawing; NaN between frames. */
let frameStart = NaN;
/** Identifies the pending pass: a pass re-scheduled on a visibility change leaves the old callback inert. */
let token = 0;

const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/** Registers a drawer; returns its removal. Drawers should return early when nothing changed. */
export function onDraw(fn: Drawer): () => void {
  drawers.add(fn);
  requestDraw();
  return () => {
    drawers.delete(fn);
    pending.delete(fn);
  };
}

/** True when every view has drawn everything asked of it (no pass pending): for tests and debugging. */
export function drawSettled(): boolean {
  return !scheduled && pending.size === 0;
}

/**
 * Asks for `fn` to draw in the very next animation frame, before the other pending views and without
 * waiting out a rest: for the second half of one logical draw (the contour's overlay, once its base
 * plot has laid out), so a first render is not paced like a stream of updates.
 */
export function drawNext(fn: Drawer): void {
  if (!drawers.has(fn)) return;
  const others = [...pending].filter((d) => d !== fn);
  pending.clear();
  pending.add(fn);
  for (const d of others) pending.add(d);
  restUntil = 0;
  requestDraw();
}

/**
 * Milliseconds the running frame has spent drawing so far (0 outside a frame). A drawer about to do
 * something expensive (a Plotly redraw) after others have drawn asks for the next frame instead
 * (drawNext), so that work starts a frame of its own rather than lengthening a full one.
 */
export function frameElapsed(): number {
  return Number.isNaN(frameStart) ? 0 : performance.now() - frameStart;
}

/** Asks for a draw in the next animation frame; `then` runs after all drawers. */
export function requestDraw(then?: () => void): void {
  if (then) afterDraw.push(then);
  for (const draw of drawers) pending.add(draw);
  if (scheduled) return;
  schedule();
}

function schedule(): void {
  scheduled = true;
  const mine = ++token;
  let ran = false;
  const run = () => {
    if (ran || mine !== token) return;
    ran = true;
    runFrame();
  };
  if (hidden()) {
    setTimeout(run, HIDDEN_MS);
  } else {
    requestAnimationFrame(run);
    // An animation frame can fail to come although the page is visible (headless Chromium sometimes
    // stops ticking: a hover then showed in one view and never in the next). Whichever comes first
    // runs the pass.
    setTimeout(run, FALLBACK_MS);
  }
}

function runFrame(): void {
  scheduled = false;
  if (hidden()) {
    // Nothing to draw into; the views catch up when shown (the visibility listener asks for a pass).
    pending.clear();
  } else {
    const start = performance.now();
    if (start < restUntil) {
      schedule();
      return;
    }
    frameStart = start;
    // A drawer that asks for another pass while drawing is run again in the next frame, not this one.
    for (const draw of [...pending]) {
      if (!pending.delete(draw)) continue; // removed meanwhile (a view unmounted by another's draw)
      try {
        draw();
      } catch (err) {
        // One failing view must not stop the others or the acks.
        console.error(err);
      }
      if (performance.now() - start > FRAME_BUDGET_MS) break;
    }
    frameStart = NaN;
    const end = performance.now();
    restUntil = end + Math.min(MAX_REST_MS, (end - start) * (1 / DRAW_SHARE - 1));
    if (pending.size) {
      schedule();
      return;
    }
  }
  const done = afterDraw;
  afterDraw = [];
  for (const fn of done) fn();
}

// A pass scheduled with one mechanism is moved to the other (an animation frame never comes while
// hidden; a slow timer is too slow once shown); shown again, the views catch up at once.
if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (scheduled) schedule();
    else if (!hidden()) requestDraw();
  });
}
