/**
 * The linked hover's answers to Plotly's event sequences. Under a resting pointer Plotly re-hovers
 * after every redraw, preceded by an unhover at the same position; with two runs' curves crossing under
 * the pointer the re-hover can pick the other curve. Seen in CI under load: the views flipped between
 * two steps (run 1 step 284, run 2 step 287) on every redraw for as long as the mouse rested.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../drawLoop', () => ({ requestDraw: vi.fn() }));

type HoverModule = typeof import('./hover');
let h: HoverModule;

const at = (clientX: number, clientY: number) => ({ clientX, clientY });

beforeEach(async () => {
  vi.resetModules();
  h = await import('./hover');
});

describe('linked hover from Plotly events', () => {
  it('a redraw under a resting pointer (unhover then hover at the same place) keeps the first hover', () => {
    h.hoverFromPointer({ run: 2, step: 287, source: 'loss' }, at(1093, 313));
    const version = h.hoverVersion();
    for (let redraw = 0; redraw < 5; redraw++) {
      h.clearHover('loss', at(1093, 313));
      h.hoverFromPointer({ run: redraw % 2 ? 2 : 1, step: redraw % 2 ? 287 : 284, source: 'loss' }, at(1093, 313));
    }
    expect(h.getHover()).toEqual({ run: 2, step: 287, source: 'loss' });
    // No change, so no redraw asked for: the loop ends.
    expect(h.hoverVersion()).toBe(version);
  });

  it('a moved pointer hovers the new point; leaving the view (another position) clears it', () => {
    h.hoverFromPointer({ run: 0, step: 10, source: 'loss' }, at(100, 100));
    h.hoverFromPointer({ run: 0, step: 11, source: 'loss' }, at(101, 100));
    expect(h.getHover()).toEqual({ run: 0, step: 11, source: 'loss' });
    h.clearHover('loss', at(300, 5));
    expect(h.getHover()).toBeNull();
    // Back at the same place after leaving: hovered again.
    h.hoverFromPointer({ run: 0, step: 11, source: 'loss' }, at(101, 100));
    expect(h.getHover()).toEqual({ run: 0, step: 11, source: 'loss' });
  });

  it('only the view the hover came from clears it; a view unmounting (no event) clears its own', () => {
    h.hoverFromPointer({ run: 1, step: 5, source: 'contour' }, at(50, 60));
    h.clearHover('loss', at(0, 0));
    expect(h.getHover()?.source).toBe('contour');
    h.clearHover('contour');
    expect(h.getHover()).toBeNull();
  });

  it('a hover from another source (the step inspector) does not block the pointer coming back to the same place', () => {
    h.hoverFromPointer({ run: 0, step: 40, source: 'loss' }, at(200, 120));
    h.setHover({ run: 0, step: 3, source: 'inspector' });
    h.hoverFromPointer({ run: 0, step: 40, source: 'loss' }, at(200, 120));
    expect(h.getHover()).toEqual({ run: 0, step: 40, source: 'loss' });
  });

  it('events without pointer coordinates (keyboard, synthetic) always apply', () => {
    h.hoverFromPointer({ run: 0, step: 1, source: 'loss' }, undefined);
    h.hoverFromPointer({ run: 0, step: 2, source: 'loss' }, {});
    expect(h.getHover()?.step).toBe(2);
    h.clearHover('loss', {});
    expect(h.getHover()).toBeNull();
  });
});
