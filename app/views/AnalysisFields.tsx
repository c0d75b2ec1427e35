/**
 * Small form pieces of the analysis views (landscape, β grid, sweep): a typed number that is checked
 * before it is taken, a typed list, and the number formats of their tables.
 */
import { useState } from 'react';
import { parseNumberList, type ListSpec } from '../../src/index';
import { checkRange, parseNumber, type RangeSpec } from '../controls/numbers';

interface NumberProps {
  label: string;
  title?: string;
  value: number;
  spec: Omit<RangeSpec, 'default'>;
  onChange(v: number): void;
  testId: string;
  width?: number;
}

/** A typed number, taken on Enter or blur when it is valid; a bad value stays marked until fixed or Escape. */
export function NumberField({ label, title, value, spec, onChange, testId, width = 56 }: NumberProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const parsed = draft === null ? value : parseNumber(draft);
  const error = typeof parsed === 'string' ? parsed : draft === null ? null : checkRange({ ...spec, default: value }, parsed);
  const commit = () => {
    if (draft === null || typeof parsed !== 'number' || error !== null) return;
    if (parsed !== value) onChange(parsed);
    setDraft(null);
  };
  return (
    <label className="opt" title={error ?? title}>
      {label}
      <input
        type="text" inputMode="decimal" style={{ width }} className={error ? 'field invalid' : 'field'} aria-invalid={error !== null}
        data-testid={testId} value={draft ?? String(value)}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(null); }}
      />
    </label>
  );
}

interface ListProps {
  label: string;
  title?: string;
  value: string;
  spec: ListSpec;
  onChange(text: string): void;
  testId: string;
}

/** A typed list of numbers ("0.7, 0.9, 0.99"), kept as typed; marked while it does not parse. */
export function ListField({ label, title, value, spec, onChange, testId }: ListProps) {
  const parsed = parseNumberList(value, spec);
  return (
    <label className="opt" title={parsed.ok ? title : parsed.error}>
      {label}
      <input
        type="text" className={parsed.ok ? 'field list' : 'field list invalid'} aria-invalid={!parsed.ok}
        data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** A loss for a table: 3 significant digits, exponent form when small or large. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
