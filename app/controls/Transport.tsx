/** Play / pause / step / reset, the step count and the speed. */
import { changeSpeed, pause, play, reset, step } from '../session';
import { setStepCount, useStore } from '../store';
import { CopyLinkButton } from './LinkNotice';
import { checkRange } from './numbers';
import { NumberSlider } from './NumberSlider';

const SPEEDS = [10, 30, 100, 300, 1000, 3000, 0];
const STEP_COUNT = { default: 1, min: 1, max: 100_000, integer: true };

export function Transport() {
  const playing = useStore((s) => s.playing);
  const done = useStore((s) => s.done);
  const loaded = useStore((s) => s.info !== null);
  const speed = useStore((s) => s.speed);
  const stepCount = useStore((s) => s.stepCount);
  return (
    <section className="panel transport">
      <div className="buttons">
        <button type="button" className="primary" data-testid="play" disabled={playing || done || !loaded} onClick={play}>▶ Play</button>
        <button type="button" data-testid="pause" disabled={!playing} onClick={pause}>❚❚ Pause</button>
        <button type="button" data-testid="step" disabled={playing || done || !loaded} onClick={step}>Step</button>
        <button type="button" data-testid="reset" onClick={reset}>↺ Reset</button>
      </div>
      <CopyLinkButton />
      <NumberSlider label="step by" value={stepCount} spec={STEP_COUNT} noSlider
        check={(v) => checkRange(STEP_COUNT, v)} onChange={setStepCount} testId="step-count" />
      <label className="speed">
        speed
        <select data-testid="speed" value={speed} onChange={(e) => changeSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => <option key={s} value={s}>{s === 0 ? 'max' : `${s} steps/s`}</option>)}
        </select>
      </label>
    </section>
  );
}
