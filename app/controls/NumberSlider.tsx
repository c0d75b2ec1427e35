/**
 * A labelled slider with a typed number input beside it. The input accepts a value on Enter or blur;
 * a value that is not a number or out of range is rejected with a visible message and not applied.
 */
import { useId, useState } from 'react';
import { formatNumber, fromPosition, parseNumber, sliderScale, toPosition, type RangeSpec } from './numbers';

interface Props {
  label: string;
  doc?: string;
  value: number;
  spec: RangeSpec;
  /** Message for an unacceptable value, or null. */
  check(v: number): string | null;
  onChange(v: number): void;
  testId: string;
  /** Without a slider: only the typed input. */
  noSlider?: boolean;
}

export function NumberSlider({ label, doc, value, spec, check, onChange, testId, noSlider }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const scale = sliderScale(spec);
  const parsed = draft === null ? value : parseNumber(draft);
  const error = typeof parsed === 'string' ? parsed : draft === null ? null : check(parsed);

  const commit = () => {
    if (draft === null) return;
    if (typeof parsed === 'number' && error === null) {
      if (parsed !== value) onChange(parsed);
      setDraft(null);
    }
  };

  return (
    <div className="num-row">
      <label htmlFor={id} title={doc}>{label}</label>
      {noSlider ? <span /> : (
        <input
          type="range"
          aria-label={`${label} slider`}
          data-testid={`${testId}-slider`}
          min={scale.kind === 'log' ? 0 : scale.lo}
          max={scale.kind === 'log' ? scale.positions : scale.hi}
          step={scale.kind === 'log' ? 1 : scale.step}
          value={toPosition(scale, value)}
          onChange={(e) => {
            setDraft(null);
            onChange(fromPosition(scale, Number(e.target.value)));
          }}
        />
      )}
      <input
        id={id}
        type="text"
        inputMode="decimal"
        className={error ? 'invalid' : undefined}
        aria-invalid={error !== null}
        data-testid={testId}
        value={draft ?? formatNumber(value)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
      {error && <div className="field-error" role="alert" data-testid={`${testId}-error`}>{label}: {error}</div>}
    </div>
  );
}
