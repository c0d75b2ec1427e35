/**
 * Bring your own data: paste CSV (x,y or x₁,…,x_d,y; a header row is optional) or open a .csv file,
 * for the problems that take user points (regressions, polynomial least squares). The text is parsed
 * by src/parse/csv.ts; a bad row is named in the message and the experiment is left as it was.
 */
import { useRef, useState } from 'react';
import { CSV_LIMITS, PROBLEMS, parseCsv } from '../../src/index';
import { changePoints } from '../session';
import { useStore } from '../store';

export function DataImport() {
  const problem = useStore((s) => s.experiment.problem);
  const userPoints = useStore((s) => (s.experiment.data && 'points' in s.experiment.data ? s.experiment.data.points.length : null));
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const file = useRef<HTMLInputElement>(null);
  const spec = PROBLEMS[problem];
  if (!spec?.acceptsPoints) return null;

  const use = (csv: string) => {
    const parsed = parseCsv(csv);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors([]);
    changePoints(parsed.points);
  };

  const open = (f: File | undefined) => {
    if (!f) return;
    if (f.size > CSV_LIMITS.chars) {
      setErrors([`${f.name}: ${f.size} bytes; the limit is ${CSV_LIMITS.chars}`]);
      return;
    }
    void f.text().then((t) => {
      setText(t.length <= 200_000 ? t : ''); // very large files are used, not shown
      use(t);
    });
  };

  return (
    <details className="data-import" data-testid="data-import" open={userPoints !== null || errors.length > 0}>
      <summary>Your data (CSV){userPoints !== null && <span className="muted" data-testid="data-points"> · {userPoints} points in use</span>}</summary>
      <textarea aria-label="CSV data" data-testid="csv-text" rows={4} spellCheck={false} placeholder={'x,y\n0.1,1.3\n0.5,2.2'}
        value={text} onChange={(e) => setText(e.target.value)} />
      <div className="data-import-buttons">
        <button type="button" data-testid="csv-use" onClick={() => use(text)}>Use these points</button>
        <button type="button" data-testid="csv-open" onClick={() => file.current?.click()}>Open .csv…</button>
        <input ref={file} type="file" accept=".csv,.txt,text/csv,text/plain" hidden data-testid="csv-file"
          onChange={(e) => { open(e.target.files?.[0]); e.target.value = ''; }} />
        {userPoints !== null && (
          <button type="button" data-testid="csv-generated" onClick={() => changePoints(null, { ...spec.defaultData! })}>Generated data</button>
        )}
      </div>
      {errors.length > 0 && (
        <ul className="csv-errors" role="alert" data-testid="csv-errors">{errors.map((e, i) => <li key={i}>{e}</li>)}</ul>
      )}
    </details>
  );
}
