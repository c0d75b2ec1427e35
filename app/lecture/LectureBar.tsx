/** The strip above the full-screen view in lecture/embed mode: play state, step, the keys, leave. */
import { useStore } from '../store';
import { setLecture, useLecture } from './lecture';

export function LectureBar() {
  const playing = useStore((s) => s.playing);
  const done = useStore((s) => s.done);
  const step = useStore((s) => Math.max(0, ...s.statuses.map((r) => r.step)));
  const lecture = useLecture((s) => s.lecture);
  return (
    <div className="lecture-bar" data-testid="lecture-bar">
      <span className="lecture-state" data-testid="lecture-state">{done ? 'done' : playing ? '▶ playing' : '❚❚ paused'}</span>
      <span className="lecture-step">step <b data-testid="lecture-step">{step}</b></span>
      <span className="lecture-keys muted">space play/pause · → step · r reset · 1–9 view{lecture ? ' · Esc leave' : ''}</span>
      {lecture && <button type="button" data-testid="lecture-off" onClick={() => setLecture(false)}>Leave lecture mode</button>}
    </div>
  );
}
