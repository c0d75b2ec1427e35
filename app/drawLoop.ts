/**
 * One requestAnimationFrame loop for all views. A frame from the worker requests a draw; the views'
 * drawers run in the next animation frame, then the callbacks waiting for that draw (the worker's ack).
 * The loop runs only when something asked for a draw.
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

const drawers = new Set<Drawer>();
let afterDraw: (() => void)[] = [];
let scheduled = false;
/** Identifies the pending pass: a pass re-scheduled on a visibility change leaves the old callback inert. */
let token = 0;

const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/** Registers a drawer; returns its removal. Drawers should return early when nothing changed. */
export function onDraw(fn: Drawer): () => void {
  drawers.add(fn);
  requestDraw();
  return () => drawers.delete(fn);
}

/** Asks for a draw in the next animation frame; `then` runs after all drawers. */
export function requestDraw(then?: () => void): void {
  if (then) afterDraw.push(then);
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
  if (!hidden()) {
    for (const draw of drawers) {
      try {
        draw();
      } catch (err) {
        // One failing view must not stop the others or the acks.
        console.error(err);
      }
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
