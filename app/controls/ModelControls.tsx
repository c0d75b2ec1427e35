/**
 * Controls of a neural model (tensor path), below its parameter sliders: the TF.js backend, the model
 * size, what loading changed, and for the character transformer a text file to train on (dropped or
 * chosen; validated on the page with the worker's own rules before anything is sent).
 */
import { useState, type DragEvent } from 'react';
import { TEXT_LIMITS, validateUserText } from '../../src/index';
import { useModelData, setCorpus } from '../modelData';
import { isModel, problemMeta } from '../models';
import { changeText } from '../session';
import { useStore } from '../store';
import { BackendSelect } from './BackendControl';
import '../models.css';

export function ModelControls() {
  const problem = useStore((s) => s.experiment.problem);
  if (!isModel(problem)) return null;
  return (
    <div className="model-controls" data-testid="model-controls">
      <BackendSelect />
      <ModelSize />
      {problemMeta(problem)?.acceptsText && <CorpusFile />}
      <LoadNotes />
    </div>
  );
}

function ModelSize() {
  const parameters = useStore((s) => s.info?.parameters ?? s.info?.dim);
  const streamed = useStore((s) => s.info?.dim ?? 0);
  if (parameters === undefined) return null;
  return (
    <div className="muted model-size" data-testid="model-size">
      {parameters.toLocaleString('en')} parameters{streamed === 0 ? ' (too many to stream θ: metrics only)' : ''}
    </div>
  );
}

/** What the worker changed in the user's input while loading (info.notes). */
function LoadNotes() {
  const notes = useStore((s) => s.info?.notes);
  if (!notes?.length) return null;
  return (
    <ul className="model-notes" data-testid="model-notes">
      {notes.map((n) => <li key={n}>{n}</li>)}
    </ul>
  );
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

function CorpusFile() {
  const corpus = useModelData((s) => s.corpus);
  const usingText = useStore((s) => s.experiment.data !== undefined && 'text' in s.experiment.data);
  const problem = useStore((s) => s.experiment.problem);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  const take = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > TEXT_LIMITS.maxBytes) {
      setError(`${file.name}: the file is ${mb(file.size)}; the limit is ${mb(TEXT_LIMITS.maxBytes)}. Use a shorter excerpt.`);
      return;
    }
    setBusy(true);
    try {
      const r = validateUserText(new Uint8Array(await file.arrayBuffer()));
      if (!r.ok) {
        setError(`${file.name}: ${r.error}`);
        return;
      }
      setCorpus({ name: file.name, chars: Array.from(r.text).length, notes: r.notes });
      changeText(r.text);
    } catch (err) {
      setError(`${file.name}: could not be read (${(err as Error).message}).`);
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files[0]);
  };

  return (
    <div
      className={`corpus${over ? ' over' : ''}`} data-testid="corpus-drop"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}
    >
      <div className="corpus-head">
        training text: <strong data-testid="corpus-name">{usingText ? (corpus?.name ?? 'your text') : 'built-in toddler corpus'}</strong>
        {usingText && corpus && <span className="muted"> ({corpus.chars.toLocaleString('en')} characters)</span>}
      </div>
      <label className="corpus-pick">
        drop a .txt file here or
        <input type="file" accept=".txt,text/plain" data-testid="corpus-file" disabled={busy}
          onChange={(e) => { void take(e.target.files?.[0]); e.target.value = ''; }} />
      </label>
      {usingText && (
        <button type="button" data-testid="corpus-reset" onClick={() => { setCorpus(null); setError(null); changeText(null, problemMeta(problem)?.defaultData && { ...problemMeta(problem)!.defaultData! }); }}>
          use the built-in corpus
        </button>
      )}
      {error && <div className="field-error" role="alert" data-testid="corpus-error">{error}</div>}
      {usingText && corpus && corpus.notes.length > 0 && (
        <ul className="model-notes" data-testid="corpus-notes">{corpus.notes.map((n) => <li key={n}>{n}</li>)}</ul>
      )}
      <div className="muted corpus-limits">UTF-8 text, at most {mb(TEXT_LIMITS.maxBytes)}, {TEXT_LIMITS.minChars.toLocaleString('en')}+ characters, ≤ {TEXT_LIMITS.maxVocab} distinct; 10 % held out for validation.</div>
    </div>
  );
}
