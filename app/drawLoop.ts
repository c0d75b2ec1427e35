/**
 * One requestAnimationFrame loop for all views. A frame from the worker requests a draw; the views'
 * drawers run in the next animation frame, then the callbacks waiting for that draw (the worker's ack).
 * The loop runs only when something asked for a draw, and a hidden tab (no animation frames) stops the
 * acks, which pauses the worker: back-pressure for free.
 */

type Drawer = () => void;

const drawers = new Set<Drawer>();
let afterDraw: (() => void)[] = [];
let scheduled = false;

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
  scheduled = true;
  requestAnimationFrame(runFrame);
}

function runFrame(): void {
  scheduled = false;
  for (const draw of drawers) {
    try {
      draw();
    } catch (err) {
      // One failing view must not stop the others or the acks.
      console.error(err);
    }
  }
  const done = afterDraw;
  afterDraw = [];
  for (const fn of done) fn();
}
