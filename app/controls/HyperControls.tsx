/** One run's hyperparameters, driven by the optimizer table: sliders for numbers, checkboxes for flags. */
import { checkHyper } from '../../src/index';
import { OPTIMIZERS, withDefaults, type HyperSpec } from '../../src/index';
import type { HyperValue } from '../../src/index';
import { changeHyper } from '../session';
import { NumberSlider } from './NumberSlider';

interface Props {
  run: number;
  optimizer: string;
  hyper: Record<string, HyperValue> | undefined;
  /** How many hyperparameters to show before "more". */
  primary: number;
}

export function HyperControls({ run, optimizer, hyper, primary }: Props) {
  const spec = OPTIMIZERS[optimizer];
  if (!spec) return null;
  const values = withDefaults(optimizer, hyper);
  const rows = Object.entries(spec.hyper).map(([name, hs]) => (
    <HyperRow key={name} run={run} name={name} spec={hs} value={values[name]} />
  ));
  return (
    <>
      {rows.slice(0, primary)}
      {rows.length > primary && (
        <details className="more">
          <summary>more hyperparameters</summary>
          {rows.slice(primary)}
        </details>
      )}
    </>
  );
}

function HyperRow({ run, name, spec, value }: { run: number; name: string; spec: HyperSpec; value: HyperValue }) {
  const testId = `hyper-${run}-${name}`;
  if (spec.kind === 'boolean') {
    return (
      <label className="check-row" title={spec.doc}>
        <input type="checkbox" data-testid={testId} checked={value === true} onChange={(e) => changeHyper(run, name, e.target.checked)} />
        {name}
      </label>
    );
  }
  const range = { default: 0, min: spec.min, max: spec.max, maxExclusive: spec.maxExclusive, log: spec.log };
  if (spec.kind === 'pair') {
    const pair = value as number[];
    const element: HyperSpec = { ...spec, kind: 'number' };
    return (
      <>
        {pair.map((v, k) => (
          <NumberSlider
            key={k}
            label={`${name}[${k}]`}
            doc={spec.doc}
            value={v}
            spec={{ ...range, default: (spec.default as number[])[k] }}
            check={(x) => checkHyper(element, x)}
            onChange={(x) => changeHyper(run, name, pair.map((old, j) => (j === k ? x : old)))}
            testId={`${testId}-${k}`}
          />
        ))}
      </>
    );
  }
  return (
    <NumberSlider
      label={name}
      doc={spec.doc}
      value={value as number}
      spec={{ ...range, default: spec.default as number }}
      check={(x) => checkHyper(spec, x)}
      onChange={(x) => changeHyper(run, name, x)}
      testId={testId}
    />
  );
}
