/**
 * The streaming layer of a plot: the traces that change while runs stream (trajectories, curves, the
 * current points, highlight rings) drawn on a canvas laid exactly over a Plotly graph's plot area, so
 * Plotly redraws only when its axes, legend or static marks change.
 *
 * Why: a Plotly redraw rebuilds its whole figure (defaults, axes, every SVG node): 20–90 ms per view on
 * these machines while a worker trains, one long task per view per frame. Stroking the same 3 × 1 000
 * points on a canvas takes about a millisecond, so the views follow the runs at display rate.
 *
 * The traces keep Plotly's scatter format (a subset): `liveData` on the graph div holds them beside
 * Plotly's own `data`, for image export (which hands both to Plotly.toImage) and for tests, which read
 * what each view shows. Hovering is answered here too (nearest drawn point within HOVER_PX, as Plotly's
 * "closest" mode does), with a small text tooltip.
 */
import type { PlotSize } from './plotly';

type Dash = 'solid' | 'dash' | 'dot' | 'dashdot' | 'longdash';
type MarkerSymbol = 'circle' | 'circle-open' | 'x';

/** A scatter trace in Plotly's format, the part the layer draws. */
export interface LiveTrace {
  type: 'scatter';
  name: string;
  mode: 'lines' | 'markers' | 'lines+markers';
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  opacity?: number;
  showlegend?: boolean;
  legendgroup?: string;
  text?: string[];
  line?: { color: string; width?: number; dash?: Dash };
  marker?: {
    color: string | string[];
    size?: number;
    symbol?: MarkerSymbol;
    opacity?: number;
    /** Plotly's meaning: at most this many markers, evenly spread (0: all). */
    maxdisplayed?: number;
    line?: { color?: string; width?: number };
  };
}

/** What hovering point i of a trace means: the run and step it links to, and the tooltip's lines. */
export interface LiveHit {
  run: number;
  steps: ArrayLike<number>;
  tip(i: number): string;
}

/** A graph div as Plotly leaves it, with the layer's traces beside Plotly's. */
export type LiveGraph = HTMLElement & { liveData?: LiveTrace[]; liveDraws?: number };

interface Axis { range?: number[]; type?: string }
interface FullLayout { xaxis?: Axis; yaxis?: Axis; _size?: PlotSize }
type PlotlyGraph = HTMLElement & { _fullLayout?: FullLayout; _fullData?: { legendgroup?: string; visible?: boolean | string }[] };

/** Marks the Plotly traces that only carry a legend entry: their curve is drawn on the live layer. */
export const LEGEND_PROXY = 'legend-proxy';

/** Plotly's default hover distance: the nearest point within this many pixels is hovered. */
export const HOVER_PX = 20;
/** Coordinates are clamped to this far outside the plot: a diverged run's 1e300 would not stroke. */
const FAR_PX = 1e5;

/**
 * Data value → pixel along an axis of `length` pixels showing `range` (Plotly's: log axes hold log₁₀
 * of the ends). `flip` for y, whose pixels grow downwards. NaN where the axis cannot show v.
 */
export function axisToPixel(range: readonly number[], type: string | undefined, length: number, flip: boolean): (v: number) => number {
  const [r0, r1] = range;
  const log = type === 'log';
  const scale = length / (r1 - r0);
  return (v: number) => {
    const l = log ? (v > 0 ? Math.log10(v) : NaN) : v;
    const p = (l - r0) * scale;
    const px = flip ? length - p : p;
    return Number.isFinite(px) ? Math.max(-FAR_PX, Math.min(FAR_PX, px)) : NaN;
  };
}

/** The indices of `m` markers spread evenly over n points (all of them when m is 0 or ≥ n). */
export function markedIndices(n: number, m: number | undefined): number[] {
  if (!m || m >= n) return Array.from({ length: n }, (_, i) => i);
  if (m === 1) return [n - 1];
  return Array.from({ length: m }, (_, k) => Math.round((k * (n - 1)) / (m - 1)));
}

/** Canvas dash patterns for Plotly's named dashes (Plotly scales them with the line width the same way). */
function dashPattern(dash: Dash | undefined, width: number): number[] {
  const w = Math.max(width, 2) / 2;
  switch (dash) {
    case 'dot': return [2 * w, 3 * w];
    case 'dash': return [7 * w, 5 * w];
    case 'longdash': return [12 * w, 6 * w];
    case 'dashdot': return [7 * w, 3 * w, 2 * w, 3 * w];
    default: return [];
  }
}

/** Plotly's rule: a colour per point or one for all. */
const colorAt = (c: string | string[], i: number) => (Array.isArray(c) ? c[i] : c);

/** Plain text of a label escaped for Plotly's markup (escapeText): the tooltip sets text, not HTML. */
export function unescapeText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export class LiveLayer {
  private readonly canvas: HTMLCanvasElement;
  private readonly tip: HTMLDivElement;
  private traces: LiveTrace[] = [];
  private hits: (LiveHit | null)[] = [];
  /** Pixel coordinates of every trace's points at the last render (plot-area pixels), for hovering. */
  private px: Float64Array[] = [];
  private py: Float64Array[] = [];
  private shown: boolean[] = [];

  constructor(private readonly gd: LiveGraph) {
    const parent = gd.parentElement!;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'live-layer';
    this.canvas.dataset.testid = `${gd.dataset.testid ?? parent.dataset.testid ?? 'plot'}-live`;
    this.tip = document.createElement('div');
    this.tip.className = 'live-tip';
    this.tip.hidden = true;
    parent.append(this.canvas, this.tip);
    gd.liveData = [];
    gd.liveDraws = 0;
  }

  /** Replaces the traces (and what hovering each means) and draws them. */
  set(traces: LiveTrace[], hits: (LiveHit | null)[] = []): void {
    this.traces = traces;
    this.hits = hits;
    this.gd.liveData = traces;
    this.render();
  }

  /** Draws the current traces on the current axes: after Plotly redrew, zoomed, resized or toggled a legend item. */
  render(): void {
    const gd = this.gd as LiveGraph & PlotlyGraph;
    // Where Plotly put the plot area and what its axes show (read, never set: Plotly owns the layout).
    const { xaxis, yaxis, _size: size } = gd._fullLayout ?? {};
    const ctx = this.canvas.getContext('2d');
    if (!size || !xaxis?.range || !yaxis?.range || !ctx || !(size.w > 0 && size.h > 0)) return;
    const dpr = window.devicePixelRatio || 1;
    const style = this.canvas.style;
    // The canvas sits where the plot area is inside the graph div (the div fills the view body).
    style.left = `${gd.offsetLeft + size.l}px`;
    style.top = `${gd.offsetTop + size.t}px`;
    style.width = `${size.w}px`;
    style.height = `${size.h}px`;
    const bw = Math.round(size.w * dpr);
    const bh = Math.round(size.h * dpr);
    if (this.canvas.width !== bw || this.canvas.height !== bh) {
      this.canvas.width = bw;
      this.canvas.height = bh;
    } else {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, bw, bh);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const toX = axisToPixel(xaxis.range, xaxis.type, size.w, false);
    const toY = axisToPixel(yaxis.range, yaxis.type, size.h, true);
    // Legend clicks hide a legend group ('legendonly' on its Plotly traces): hide its live traces too.
    const hidden = new Set<string>();
    for (const t of gd._fullData ?? []) if (t.visible === 'legendonly' && t.legendgroup) hidden.add(t.legendgroup);

    this.traces.forEach((t, k) => {
      const n = t.x.length;
      const px = (this.px[k] = this.px[k]?.length === n ? this.px[k] : new Float64Array(n));
      const py = (this.py[k] = this.py[k]?.length === n ? this.py[k] : new Float64Array(n));
      for (let i = 0; i < n; i++) {
        px[i] = toX(t.x[i]);
        py[i] = toY(t.y[i]);
      }
      this.shown[k] = !(t.legendgroup && hidden.has(t.legendgroup));
      if (!this.shown[k] || n === 0) return;
      ctx.globalAlpha = t.opacity ?? 1;
      if (t.mode !== 'markers' && t.line) drawLine(ctx, px, py, t.line.color, t.line.width ?? 2, t.line.dash);
      if (t.mode !== 'lines' && t.marker) {
        const m = t.marker;
        ctx.globalAlpha = (t.opacity ?? 1) * (m.opacity ?? 1);
        for (const i of markedIndices(n, m.maxdisplayed)) {
          if (Number.isFinite(px[i]) && Number.isFinite(py[i])) drawMarker(ctx, px[i], py[i], m.symbol ?? 'circle', m.size ?? 6, colorAt(m.color, i), m.line);
        }
      }
    });
    ctx.globalAlpha = 1;
    this.gd.liveDraws = (this.gd.liveDraws ?? 0) + 1;
  }

  /** The point hovered at client pixels (x, y): the nearest hoverable drawn point within HOVER_PX. */
  hit(clientX: number, clientY: number): { trace: number; index: number } | null {
    const box = this.canvas.getBoundingClientRect();
    const x = clientX - box.left;
    const y = clientY - box.top;
    if (x < 0 || y < 0 || x > box.width || y > box.height) return null;
    let best: { trace: number; index: number } | null = null;
    let bestD = HOVER_PX * HOVER_PX;
    this.traces.forEach((_, k) => {
      if (!this.hits[k] || !this.shown[k]) return;
      const px = this.px[k];
      const py = this.py[k];
      for (let i = 0; i < px.length; i++) {
        const d = (px[i] - x) ** 2 + (py[i] - y) ** 2;
        if (d <= bestD) { // ≤: of equally near points the later one (the newer run) wins, as Plotly's top trace does
          bestD = d;
          best = { trace: k, index: i };
        }
      }
    });
    return best;
  }

  /**
   * Hover at client (x, y): shows the tooltip of the point there and returns the run and step it links
   * to, or null (no point, or one with a tooltip only: a start or current marker, a divergence ✕).
   */
  hover(clientX: number, clientY: number): { run: number; step: number } | null {
    const h = this.hit(clientX, clientY);
    const meta = h && this.hits[h.trace];
    if (!h || !meta) {
      this.tip.hidden = true;
      return null;
    }
    const step = meta.run >= 0 ? meta.steps[h.index] : undefined;
    const t = this.traces[h.trace];
    this.tip.textContent = unescapeText(meta.tip(h.index));
    this.tip.style.borderColor = typeof t.line?.color === 'string' ? t.line.color : colorAt(t.marker?.color ?? '#333', h.index);
    const left = this.canvas.offsetLeft + this.px[h.trace][h.index];
    const top = this.canvas.offsetTop + this.py[h.trace][h.index];
    // Beside the point, on the side with room (the tooltip is at most about 180 px wide).
    const right = left + 200 < (this.canvas.parentElement?.clientWidth ?? Infinity);
    this.tip.style.left = right ? `${left + 12}px` : '';
    this.tip.style.right = right ? '' : `${(this.canvas.parentElement?.clientWidth ?? 0) - left + 12}px`;
    this.tip.style.top = `${Math.max(0, top - 14)}px`;
    this.tip.hidden = false;
    return step === undefined ? null : { run: meta.run, step };
  }

  hideTip(): void {
    this.tip.hidden = true;
  }

  destroy(): void {
    this.canvas.remove();
    this.tip.remove();
    delete this.gd.liveData;
  }
}

/** A polyline through the finite points; a NaN (a value the axis cannot show) breaks it. */
function drawLine(ctx: CanvasRenderingContext2D, px: Float64Array, py: Float64Array, color: string, width: number, dash: Dash | undefined): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.setLineDash(dashPattern(dash, width));
  ctx.beginPath();
  let open = false;
  for (let i = 0; i < px.length; i++) {
    const x = px[i];
    const y = py[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      open = false;
      continue;
    }
    if (open) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    open = true;
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

/** Plotly's marker symbols the views use; `size` is the diameter in pixels, as in Plotly. */
function drawMarker(ctx: CanvasRenderingContext2D, x: number, y: number, symbol: MarkerSymbol, size: number, color: string, outline?: { color?: string; width?: number }): void {
  const r = size / 2;
  const lw = outline?.width ?? (symbol === 'circle-open' ? 1 : 0);
  if (symbol === 'x') {
    // A thick ✕ with a dark edge: the edge stroked wider first, the colour on top.
    const d = r * 0.8;
    const cross = () => {
      ctx.beginPath();
      ctx.moveTo(x - d, y - d);
      ctx.lineTo(x + d, y + d);
      ctx.moveTo(x - d, y + d);
      ctx.lineTo(x + d, y - d);
      ctx.stroke();
    };
    ctx.lineCap = 'butt';
    if (lw > 0) {
      ctx.strokeStyle = outline?.color ?? '#111';
      ctx.lineWidth = r * 0.55 + 2 * lw;
      cross();
    }
    ctx.strokeStyle = color;
    ctx.lineWidth = r * 0.55;
    cross();
    return;
  }
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  if (symbol === 'circle-open') {
    ctx.strokeStyle = color;
    ctx.lineWidth = Math.max(lw, 1);
    ctx.stroke();
    return;
  }
  ctx.fillStyle = color;
  ctx.fill();
  if (lw > 0) {
    ctx.strokeStyle = outline?.color ?? color;
    ctx.lineWidth = lw;
    ctx.stroke();
  }
}
