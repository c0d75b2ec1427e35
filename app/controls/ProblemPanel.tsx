/** Problem picker, problem parameters, generated-data sliders and the experiment length. */
import { LIMITS } from '../../src/index';
import { PROBLEMS, PROBLEM_IDS } from '../../src/index';
import { MODEL_CATALOG, MODEL_IDS } from '../../src/index';
import { changeData, changeLength, changeProblem, changeProblemParam, reseedData } from '../session';
import { useStore } from '../store';
import { checkRange, type RangeSpec } from './numbers';
import { NumberSlider } from './NumberSlider';
import { ModelControls } from './ModelControls';
import { PrecisionControl } from './PrecisionControl';
import { DataImport } from './DataImport';

export function ProblemPanel() {
  const problem = useStore((s) => s.experiment.problem);
  const spec = PROBLEMS[problem] ?? MODEL_CATALOG[problem];
  return (
    <section className="panel">
      <h2>Problem</h2>
      <select aria-label="problem" data-testid="problem" value={problem} onChange={(e) => changeProblem(e.target.value)}>
        {PROBLEM_IDS.map((id) => (
          <option key={id} value={id}>{PROBLEMS[id].label}{PROBLEMS[id].scenario !== 'surface' ? ` (${PROBLEMS[id].scenario})` : ''}</option>
        ))}
        <optgroup label="Neural models (TF.js)">
          {MODEL_IDS.map((id) => <option key={id} value={id}>{MODEL_CATALOG[id].label} ({MODEL_CATALOG[id].scenario})</option>)}
        </optgroup>
      </select>
      {spec && Object.entries(spec.params).map(([name, p]) => <ProblemParam key={`${problem}.${name}`} name={name} spec={p} />)}
      <ModelControls />
      <PrecisionControl />
      <DataControls />
      <LengthControl />
    </section>
  );
}

function ProblemParam({ name, spec }: { name: string; spec: RangeSpec & { doc: string } }) {
  const value = useStore((s) => s.experiment.problemParams?.[name] ?? spec.default);
  return (
    <NumberSlider label={name} doc={spec.doc} value={value} spec={spec} check={(v) => checkRange(spec, v)}
      onChange={(v) => changeProblemParam(name, v)} testId={`param-${name}`} />
  );
}

function DataControls() {
  const problem = useStore((s) => s.experiment.problem);
  const n = useStore((s) => (s.experiment.data && 'n' in s.experiment.data ? s.experiment.data.n : undefined));
  const noise = useStore((s) => (s.experiment.data && 'noise' in s.experiment.data ? s.experiment.data.noise : undefined));
  const userData = useStore((s) => s.experiment.data !== undefined && 'points' in s.experiment.data);
  const defaults = PROBLEMS[problem]?.defaultData;
  if (!defaults) return null;
  if (userData) return <div className="data-controls"><h3>Data</h3><DataImport /></div>;
  const nSpec: RangeSpec = { default: defaults.n ?? 20, min: 1, max: Math.max(200, 4 * (defaults.n ?? 20)), integer: true };
  const noiseSpec: RangeSpec = { default: defaults.noise ?? 0, min: 0, max: Math.max(1, 4 * (defaults.noise ?? 0)) };
  return (
    <div className="data-controls">
      <h3>Data <span className="muted">({defaults.generator})</span></h3>
      {defaults.n !== undefined && (
        <NumberSlider label="n" doc="number of samples" value={n ?? defaults.n} spec={nSpec}
          check={(v) => checkRange({ ...nSpec, max: LIMITS.n }, v)} onChange={(v) => changeData('n', v)} testId="data-n" />
      )}
      {defaults.noise !== undefined && (
        <NumberSlider label="noise σ" doc="noise standard deviation" value={noise ?? defaults.noise} spec={noiseSpec}
          check={(v) => checkRange({ ...noiseSpec, max: 1e6 }, v)} onChange={(v) => changeData('noise', v)} testId="data-noise" />
      )}
      <button type="button" data-testid="reseed" onClick={reseedData}>New data</button>
      <DataImport />
    </div>
  );
}

function LengthControl() {
  const problem = useStore((s) => s.experiment.problem);
  const unit = useStore((s) => (s.experiment.epochs !== undefined ? 'epochs' : 'steps'));
  const value = useStore((s) => s.experiment.epochs ?? s.experiment.steps ?? 0);
  const spec: RangeSpec = { default: value, min: 0, max: unit === 'epochs' ? LIMITS.epochs : LIMITS.steps, integer: true };
  const dataProblem = (PROBLEMS[problem]?.generators.length ?? 0) > 0;
  return (
    <div className="length">
      <NumberSlider label="length" doc="how long each run trains" value={value} spec={spec} noSlider
        check={(v) => checkRange(spec, v)} onChange={(v) => changeLength(unit, v)} testId="length" />
      {dataProblem ? (
        <select aria-label="length unit" data-testid="length-unit" value={unit} onChange={(e) => changeLength(e.target.value as 'steps' | 'epochs', value)}>
          <option value="epochs">epochs</option>
          <option value="steps">steps</option>
        </select>
      ) : <span className="muted">steps</span>}
    </div>
  );
}
