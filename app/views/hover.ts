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

let pointer = '';

/**
 * A hover from a Plotly event: taken only when the pointer moved since the last one. Plotly emits
 * hover events again when a view redraws under a resting pointer, and a redraw can change which point
 * is nearest (the highlight rings and lines are drawn in); answering those made two views flip between
 * two steps, each redraw hovering the other step, for as long as the mouse rested.
 */
export function hoverFromPointer(next: Hover, ev: { clientX?: number; clientY?: number } | undefined): void {
  if (ev?.clientX !== undefined && ev.clientY !== undefined) {
    const at = `${ev.clientX},${ev.clientY}`;
    if (at === pointer && hover) return;
    pointer = at;
  }
  setHover(next);
}

/** Clears the hover if it came from `source` (the mouse left that view). */
export function clearHover(source: string): void {
  if (hover?.source === source) setHover(null);
}
