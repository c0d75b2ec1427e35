/** Each run's current step and status (ok / done / diverged with its reason), plus errors. */
import { runColor } from '../defaults';
import { useStore } from '../store';
import { restartWorker, useRecovery, useUnresponsive } from '../session';
import { BackendStatusItem } from './BackendControl';
import { PathStatusItem } from './PrecisionControl';

export function StatusLine() {
  const count = useStore((s) => s.experiment.runs.length);
  const state = useStore((s) => (s.invalid.length ? 'invalid' : s.workerError ? 'error' : !s.info ? 'loading' : s.done ? 'done' : s.playing ? 'playing' : 'paused'));
  return (
    <div className="status" data-testid="status" aria-live="polite">
      <span className={`state state-${state}`} data-testid="play-state">{state}</span>
      <PathStatusItem />
      <BackendStatusItem />
      {Array.from({ length: count }, (_, i) => <RunStatusItem key={i} index={i} />)}
      <Recovery />
      <Unresponsive />
      <Problems />
    </div>
  );
}

function RunStatusItem({ index }: { index: number }) {
  const label = useStore((s) => s.experiment.runs[index]?.label ?? '');
  const color = useStore((s) => runColor(s.experiment.runs[index], index));
  const step = useStore((s) => s.statuses[index]?.step);
  const total = useStore((s) => s.info?.totalSteps[index]);
  const status = useStore((s) => s.statuses[index]?.status);
  const reason = useStore((s) => s.statuses[index]?.reason);
  const perEpoch = useStore((s) => s.info?.stepsPerEpoch[index] ?? 1);
  // Completed passes over the data (problems with more than one batch per epoch).
  const epoch = perEpoch > 1 ? Math.floor((step ?? 0) / perEpoch) : undefined;
  return (
    <span className={`run-status ${status ?? ''}`} data-testid={`status-run-${index}`}>
      <span className="swatch" style={{ background: color }} />
      <span>
        {label || `run ${index + 1}`}: step <span data-testid={`status-step-${index}`}>{step ?? 0}</span>
        {total !== undefined && `/${total}`}{epoch !== undefined && <span title="completed epochs"> · ep {epoch}</span>}
        {' · '}{status === 'diverged' ? <Diverged index={index} reason={reason} /> : (status ?? 'ok')}
        {status === 'done' && reason && <span className="hint" data-testid={`status-reason-${index}`}> — {reason}</span>}
      </span>
    </span>
  );
}

/** After a worker crash: what happened and where the runs resumed (cleared by the next load). */
function Recovery() {
  const message = useRecovery((s) => s.message);
  if (!message) return null;
  return <div className="notice recovery" role="status" data-testid="worker-recovery">{message}</div>;
}

/** The worker is alive but silent (app/watchdog.ts): say so and offer a restart; never restart unasked. */
function Unresponsive() {
  const silentMs = useUnresponsive((s) => s.silentMs);
  if (silentMs === null) return null;
  return (
    <div className="notice recovery" role="alert" data-testid="worker-unresponsive">
      The worker has not answered for {Math.round(silentMs / 1000)} s. It may be busy (the first steps of a model on a
      software GPU compile its programs for up to a minute) or stuck.{' '}
      <button type="button" data-testid="restart-worker" onClick={restartWorker}>Restart the worker</button>
      {' '}(the runs resume from the last step received).
    </div>
  );
}

function Problems() {
  const invalid = useStore((s) => s.invalid);
  const workerError = useStore((s) => s.workerError);
  if (!invalid.length && !workerError) return null;
  return (
    <div className="problems" role="alert" data-testid="errors">
      {workerError && <div>{workerError}</div>}
      {invalid.map((m) => <div key={m}>{m}</div>)}
    </div>
  );
}

/** "✕ diverged at step k: what happened", then the suggestion ("try a smaller lr than 1") set apart. */
function Diverged({ index, reason }: { index: number; reason?: string }) {
  const text = reason ?? 'diverged (no reason given)';
  const cut = text.indexOf('; ');
  const cause = cut >= 0 ? text.slice(0, cut) : text;
  const hint = cut >= 0 ? text.slice(cut + 2) : null;
  return (
    <>
      <strong data-testid={`status-reason-${index}`}>✕ {cause}</strong>
      {hint && <span className="hint" data-testid={`status-hint-${index}`}> — {hint}</span>}
    </>
  );
}
