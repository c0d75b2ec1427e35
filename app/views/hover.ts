/**
 * Linked hover: the step under the mouse in any view, highlighted in every view. Plain module state
 * (not React state): a hover asks the draw loop for a frame, and the views compare `hoverVersion()`.
 */
import { requestDraw } from '../drawLoop';

export interface Hover {
  /** Run whose point is under the mouse. */
  run: number;
  /** Its iteration. */
  step: number;
  /** The view the mouse is in. */
  source: string;
}

let hover: Hover | null = null;
let version = 0;

export function getHover(): Hover | null {
  return hover;
}

export function hoverVersion(): number {
  return version;
}

export function setHover(next: Hover | null): void {
  if (next === hover || (next && hover && next.run === hover.run && next.step === hover.step && next.source === hover.source)) return;
  hover = next;
  version++;
  requestDraw();
}

/** Where the pointer was ("x,y" in client pixels) when the last hover from a Plotly event was taken. */
let pointer = '';

type PointerEvent = { clientX?: number; clientY?: number } | undefined;

const at = (ev: PointerEvent) => (ev?.clientX !== undefined && ev.clientY !== undefined ? `${ev.clientX},${ev.clientY}` : null);

/**
 * A hover from a Plotly event: taken only when the pointer moved since the last one. Plotly hovers
 * again when a view redraws under a resting pointer, and a redraw can change which point is nearest
 * (the highlight rings and lines are drawn in, two runs' curves can cross under the pointer); answering
 * those made the views flip between two steps, each redraw hovering the other, for as long as the
 * mouse rested.
 */
export function hoverFromPointer(next: Hover, ev: PointerEvent): void {
  const where = at(ev);
  if (where !== null) {
    if (where === pointer && hover?.source === next.source) return;
    pointer = where;
  }
  setHover(next);
}

/**
 * Clears the hover if it came from `source` (the mouse left that view). Plotly also "unhovers" just
 * before it re-hovers after a redraw, with the pointer where it was: that is not a leave, and taking it
 * let the re-hover pick the other of two close points (the flip above, through a cleared hover).
 */
export function clearHover(source: string, ev?: PointerEvent): void {
  if (hover?.source !== source) return;
  const where = at(ev);
  if (where !== null && where === pointer) return;
  setHover(null);
}
