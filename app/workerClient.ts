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

export interface FrameEvent {
  runs: RunStatus[];
  points: RunPoints[];
  playing: boolean;
  done: boolean;
  /** Periodic evaluations since the last frame (tensor path: train/validation loss). */
  evaluations?: { run: number; step: number; values: Record<string, number> }[];
}

export interface WorkerHandlers {
  loaded(info: ProblemInfo): void;
  /** Called with views into the frame buffer: copy what you keep before `afterDraw` runs. */
  frame(frame: FrameEvent): void;
  error(message: string): void;
  /** Schedules `ack` to run once the frame has been drawn. */
  afterDraw(ack: () => void): void;
  /** A text sample arrived (models that generate text). */
  sample?(run: number, text: string): void;
  /** Something the user should know that is not an error (a lost WebGPU device and the fallback taken). */
  notice?(message: string): void;
  /** The TF.js backend changed during a run (after a lost WebGPU device). */
  backend?(backend: BackendStatus): void;
}

type Command = ToWorker extends infer T ? (T extends { gen: number } ? Omit<T, 'gen'> : never) : never;

export class WorkerClient {
  private readonly worker: Worker;
  private gen = 0;

  constructor(private readonly handlers: WorkerHandlers) {
    this.worker = new Worker(new URL('../src/worker/entry.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      handlers.error(`worker failed: ${e.message || 'could not start the worker'}`);
    };
    this.worker.onmessageerror = () => handlers.error('worker sent a message that could not be read');
  }

  /** The current generation (bumped by every load). */
  get generation(): number {
    return this.gen;
  }

  /** Loads an experiment (already validated) under a new generation; the worker answers `loaded`. */
  load(experiment: Experiment): void {
    this.gen++;
    this.send({ type: 'load', experiment });
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

  terminate(): void {
    this.worker.terminate();
  }

  private send(cmd: Command, transfer: Transferable[] = []): void {
    this.worker.postMessage({ ...cmd, gen: this.gen } as ToWorker, transfer);
  }

  private receive(msg: FromWorker): void {
    if (msg.gen !== this.gen) return; // stale: from before the last load
    switch (msg.type) {
      case 'loaded':
        this.handlers.loaded(msg.info);
        break;
      case 'frame': {
        const gen = msg.gen;
        this.handlers.frame({ runs: msg.runs, points: decodeFrame(msg.buffer, msg.counts, msg.dim), playing: msg.playing, done: msg.done, evaluations: msg.evaluations });
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
    }
  }
}
