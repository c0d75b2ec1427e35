/**
 * Typed wrapper around the page ⇄ worker protocol (src/worker/protocol.ts).
 *
 * - Every command carries the current generation; `load` bumps it, and any message of an older
 *   generation is dropped, so a stale frame never draws after a reset or a reload.
 * - One frame in flight: the worker sends the next frame only after our `ack`, which we send after the
 *   frame has been drawn (see drawLoop.ts), handing the buffer back for reuse.
 */
import type { Experiment } from '../src/index';
import type { HyperValue } from '../src/index';
import type { FromWorker, ProblemInfo, RunStatus, ToWorker } from '../src/index';
import type { BackendStatus } from '../src/index';
import { decodeFrame, type RunPoints } from '../src/index';
import type { SweepSpec } from '../src/index';
import type { ContourGrid, RunInternals } from '../src/index';
import type { ResumePoint } from '../src/index';
import { PING_MS, Watchdog } from './watchdog';

export interface FrameEvent {
  runs: RunStatus[];
  points: RunPoints[];
  playing: boolean;
  done: boolean;
  /** Periodic evaluations since the last frame (tensor path: train/validation loss). */
  evaluations?: { run: number; step: number; values: Record<string, number> }[];
  /** Optimizer internals of each run's last update (while switched on; float64 problems). */
  internals?: RunInternals[];
}

export interface WorkerHandlers {
  loaded(info: ProblemInfo): void;
  /** Called with views into the frame buffer: copy what you keep before `afterDraw` runs. */
  frame(frame: FrameEvent): void;
  error(message: string): void;
  /**
   * The worker died (an uncaught error in it, or it was killed): this client is terminated and sends
   * nothing more; the session starts a new one. Without this handler a crash is reported as an error.
   */
  crashed?(message: string): void;
  /** Schedules `ack` to run once the frame has been drawn. */
  afterDraw(ack: () => void): void;
  /** A text sample arrived (models that generate text). */
  sample?(run: number, text: string): void;
  /** Something the user should know that is not an error (a lost WebGPU device and the fallback taken). */
  notice?(message: string): void;
  /** The TF.js backend changed during a run (after a lost WebGPU device). */
  backend?(backend: BackendStatus): void;
  /** S10: the loss landscape around a run's θ arrived. */
  landscape?(msg: Extract<FromWorker, { type: 'landscape' }>): void;
  /** S13: a β₁ × β₂ grid cell finished (`done` false) or the whole grid did. */
  betaGrid?(msg: Extract<FromWorker, { type: 'betaGrid' }>): void;
  /** A batched sweep (R runs as one [R, P] program) finished. */
  sweep?(msg: Extract<FromWorker, { type: 'sweep' }>): void;
  /** The contour over other axes (answer to `slice`). */
  contour?(contour: ContourGrid): void;
  /** The worker has not answered for `silentMs` (app/watchdog.ts), or (null) it answers again. */
  unresponsive?(silentMs: number | null): void;
}

type Command = ToWorker extends infer T ? (T extends { gen: number } ? Omit<T, 'gen'> : never) : never;

/** Float64 sweep (S3) messages for the sweep summary view; `floatSweepCancelled` when a load dropped a running sweep. */
export type FloatSweepEvent = Extract<FromWorker, { type: 'floatSweep' }> | { type: 'floatSweepCancelled' };
const floatSweepListeners = new Set<(e: FloatSweepEvent) => void>();
/** Sends floatSweep commands through the page's one client (set by its constructor). */
let sendFloatSweep: ((spec: SweepSpec | null) => void) | null = null;
let floatSweepRunning = false;
/** Id of the latest floatSweep command: answers to earlier ones (a cancelled sweep's last slice) are dropped. */
let floatSweepId = 0;
const emitFloatSweep = (e: FloatSweepEvent) => floatSweepListeners.forEach((fn) => fn(e));

/** Listens to float64 sweep messages; returns the unsubscribe. */
export function onFloatSweep(fn: (e: FloatSweepEvent) => void): () => void {
  floatSweepListeners.add(fn);
  return () => void floatSweepListeners.delete(fn);
}

/** Runs a float64 sweep in the worker under the current generation (a load cancels it); false without a worker. */
export function startFloatSweep(spec: SweepSpec): boolean {
  if (!sendFloatSweep) return false;
  floatSweepRunning = true;
  sendFloatSweep(spec);
  return true;
}

export function cancelFloatSweep(): void {
  floatSweepRunning = false;
  sendFloatSweep?.(null);
}

export class WorkerClient {
  private readonly worker: Worker;
  private gen: number;
  private dead = false;
  private heard = false;
  private readonly watchdog = new Watchdog(performance.now());
  private readonly pinger: ReturnType<typeof setInterval>;

  /** `startGen`: the generation to count on from (a client replacing a crashed one continues its numbering). */
  constructor(private readonly handlers: WorkerHandlers, startGen = 0) {
    this.gen = startGen;
    sendFloatSweep = (spec) => this.floatSweep(spec);
    this.worker = new Worker(new URL('../src/worker/entry.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      this.heard = true;
      this.hear();
      this.receive(e.data);
    };
    // Only a worker that started is watched: one that never answers is reported by `onerror`.
    this.pinger = setInterval(() => {
      if (this.dead || !this.heard) return;
      this.send({ type: 'ping' });
      // A hidden page's timers are throttled (to once a minute after a while), so are its pings and
      // acks: silence while hidden says nothing about the worker.
      if (document.visibilityState === 'hidden') {
        this.hear();
        return;
      }
      const event = this.watchdog.check(performance.now());
      if (event?.type === 'hung') handlers.unresponsive?.(event.silentMs);
    }, PING_MS);
    this.worker.onerror = (e) => {
      e.preventDefault();
      const message = e.message || 'could not start the worker';
      // An uncaught error leaves the worker's state unknown (a tick cut short stops the stepping):
      // a worker that ever answered is treated as crashed and replaced; one that never started is an error.
      if (this.heard && handlers.crashed) this.crash(message);
      else handlers.error(`worker failed: ${message}`);
    };
    this.worker.onmessageerror = () => handlers.error('worker sent a message that could not be read');
  }

  /** Tells the watchdog the worker is heard from (and the page, if it had been reported silent). */
  private hear(): void {
    if (this.watchdog.heard(performance.now())) this.handlers.unresponsive?.(null);
  }

  /** Whether the worker ever sent a message (it started). */
  get started(): boolean {
    return this.heard;
  }

  /** Terminates the worker and reports the crash (tests use it to kill the worker; see debug.ts). */
  crash(message: string): void {
    if (this.dead) return;
    this.terminate();
    this.handlers.crashed?.(message);
  }

  /** The current generation (bumped by every load). */
  get generation(): number {
    return this.gen;
  }

  /** Loads an experiment (already validated) under a new generation; the worker answers `loaded`. */
  load(experiment: Experiment, resume?: ResumePoint[]): void {
    this.gen++;
    if (floatSweepRunning) {
      floatSweepRunning = false;
      emitFloatSweep({ type: 'floatSweepCancelled' });
    }
    this.send(resume ? { type: 'load', experiment, resume } : { type: 'load', experiment });
  }

  play(): void {
    this.send({ type: 'play' });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  step(n: number): void {
    this.send({ type: 'step', n });
  }

  setHyper(run: number, name: string, value: HyperValue): void {
    this.send({ type: 'setHyper', run, name, value });
  }

  setSpeed(stepsPerSecond: number): void {
    this.send({ type: 'setSpeed', stepsPerSecond });
  }

  /** Text from run `run`'s current parameters; the worker answers with a `sample` message. */
  sample(run: number, seed: number, length: number, temperature: number): void {
    this.send({ type: 'sample', run, seed, length, temperature });
  }

  /** S10: the loss landscape around run `run`'s θ (neural models); answered by `landscape`. */
  landscape(req: Omit<Extract<ToWorker, { type: 'landscape' }>, 'type' | 'gen'>): void {
    this.send({ type: 'landscape', ...req });
  }

  /** S13: Adam's β₁ × β₂ grid (problem `classifier`); answered by `betaGrid` messages, one per cell, then the whole. */
  betaGrid(req: Omit<Extract<ToWorker, { type: 'betaGrid' }>, 'type' | 'gen'>): void {
    this.send({ type: 'betaGrid', ...req });
  }

  /** Seeds and/or learning rates of the loaded model as one batched program; answered by `sweep`. */
  sweep(req: Omit<Extract<ToWorker, { type: 'sweep' }>, 'type' | 'gen'>): void {
    this.send({ type: 'sweep', ...req });
  }

  /** A float64 grid sweep (S3) run in slices, or null to cancel the running one; answered by `floatSweep` messages. */
  floatSweep(spec: SweepSpec | null): void {
    this.send({ type: 'floatSweep', id: ++floatSweepId, spec });
  }

  /** Frames carry optimizer internals while on (the worker keeps the setting across loads). */
  internals(on: boolean): void {
    this.send({ type: 'internals', on });
  }

  /** The contour over parameters axes = [i, j], the others at `at` (null: θ*); answered by `contour`. */
  slice(axes: [number, number], at: number[] | null): void {
    this.send({ type: 'slice', axes, at });
  }

  terminate(): void {
    this.dead = true;
    clearInterval(this.pinger);
    if (this.watchdog.hung) this.handlers.unresponsive?.(null);
    this.worker.terminate();
  }

  private send(cmd: Command, transfer: Transferable[] = []): void {
    if (this.dead) return;
    this.worker.postMessage({ ...cmd, gen: this.gen } as ToWorker, transfer);
  }

  private receive(msg: FromWorker): void {
    if (this.dead || msg.gen !== this.gen) return; // stale: from before the last load
    switch (msg.type) {
      case 'loaded':
        this.handlers.loaded(msg.info);
        break;
      case 'frame': {
        const gen = msg.gen;
        this.handlers.frame({ runs: msg.runs, points: decodeFrame(msg.buffer, msg.counts, msg.dim), playing: msg.playing, done: msg.done, evaluations: msg.evaluations, internals: msg.internals });
        this.handlers.afterDraw(() => {
          if (gen !== this.gen) return; // a load happened meanwhile: the new generation starts afresh
          this.send({ type: 'ack', buffer: msg.buffer }, [msg.buffer]);
        });
        break;
      }
      case 'error':
        this.handlers.error(msg.message);
        break;
      case 'sample':
        this.handlers.sample?.(msg.run, msg.text);
        break;
      case 'notice':
        this.handlers.notice?.(msg.message);
        break;
      case 'backend':
        this.handlers.backend?.(msg.backend);
        break;
      case 'floatSweep':
        if (msg.id !== floatSweepId) break;
        if (msg.finished) floatSweepRunning = false;
        emitFloatSweep(msg);
        break;
      case 'landscape':
        this.handlers.landscape?.(msg);
        break;
      case 'betaGrid':
        this.handlers.betaGrid?.(msg);
        break;
      case 'sweep':
        this.handlers.sweep?.(msg);
        break;
      case 'contour':
        this.handlers.contour?.(msg.contour);
        break;
      case 'pong':
        break; // heard: the watchdog was told in onmessage
    }
  }
}
