/**
 * Notices a worker that is alive but no longer answers (stuck in a loop, or blocked far longer than
 * any slice of work should take). A dead worker raises `error` and takes the crash path; a hung one
 * raises nothing, so the page pings it every PING_MS and counts the time since it last heard anything.
 *
 * Past HANG_MS of silence the page says so and offers a restart; it never restarts on its own,
 * because a worker can be legitimately busy for long (the first steps of a model on a software GPU
 * compile its programs). When the worker answers again, the message goes away.
 */

/** How often the page pings the worker. */
export const PING_MS = 2000;
/** Silence after which the worker is reported as not answering. */
export const HANG_MS = 15_000;

export type WatchdogEvent = { type: 'hung'; silentMs: number } | { type: 'answering' } | null;

export class Watchdog {
  private lastHeard: number;
  private reported = false;

  constructor(now: number, private readonly hangMs = HANG_MS) {
    this.lastHeard = now;
  }

  /** Any message from the worker; 'answering' if it had been reported as hung. */
  heard(now: number): WatchdogEvent {
    this.lastHeard = now;
    if (!this.reported) return null;
    this.reported = false;
    return { type: 'answering' };
  }

  /** Called on every ping: 'hung' once, when the silence first exceeds the limit. */
  check(now: number): WatchdogEvent {
    const silentMs = now - this.lastHeard;
    if (this.reported || silentMs < this.hangMs) return null;
    this.reported = true;
    return { type: 'hung', silentMs };
  }

  get hung(): boolean {
    return this.reported;
  }
}
