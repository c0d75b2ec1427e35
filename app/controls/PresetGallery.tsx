/**
 * The preset gallery: a "Presets" button opening a dialog of cards grouped by scenario (S1–S13, the
 * classic surfaces), each with its title and two lines of what to look for. One click loads the
 * preset's experiment (the hash follows, so the link is shareable at once), sets its views, x axis and
 * speed, and plays. The table itself is src/presets/presets.ts.
 */
import { useEffect, useRef, useState } from 'react';
import { presetGroups, type Preset, type PresetView } from '../../src/index';
import { changeSpeed, loadExperiment, play } from '../session';
import { useStore } from '../store';
import { setXAxis, usePrefs, type ViewId } from '../views/prefs';
import { runBetaGrid } from '../views/BetaGridView';
import { runS3Sweep } from '../views/SweepSummaryView';
import './presets.css';

// Every view a preset may name is a view of the page (a compile-time check).
const asView = (v: PresetView): ViewId => v;

const GROUPS = presetGroups();

/** Stops waiting for the previous preset's load (a new one was chosen). */
let cancelPending: (() => void) | null = null;

function applyViews(p: Preset): void {
  if (p.views) usePrefs.setState({ slots: p.views.map(asView) });
  setXAxis(p.xAxis ?? 'iteration');
}

/**
 * Loads a preset and plays it, or starts its analysis (the S3 sweep, the S13 β grid). Its views and
 * x axis are set once the worker has loaded it: a new problem moves some views itself when it loads
 * (a neural model opens on its own), and the preset's win; swapping views while the old plots are
 * still being reset races Plotly (a purged graph div). The analysis starts then too: it belongs to
 * the loaded generation.
 */
export function openPreset(p: Preset): void {
  cancelPending?.();
  cancelPending = null;
  if (p.speed !== undefined) changeSpeed(p.speed);
  loadExperiment(structuredClone(p.experiment));
  const unsubscribe = useStore.subscribe((s) => {
    if (s.info?.id === p.experiment.problem) {
      unsubscribe();
      cancelPending = null;
      applyViews(p);
      if (p.analysis === 'sweep') runS3Sweep();
      if (p.analysis === 'betaGrid') runBetaGrid();
    } else if (s.invalid.length || s.workerError) {
      unsubscribe();
      cancelPending = null;
    }
  });
  cancelPending = unsubscribe;
  if (!p.analysis) play();
}

const TAGS: Partial<Record<string, string>> = { mlp: 'TF.js', classifier: 'TF.js', transformer: 'TF.js' };

function PresetCard({ preset, onChoose }: { preset: Preset; onChoose: (p: Preset) => void }) {
  const tag = preset.experiment.precision === 'float32' ? 'float32' : TAGS[preset.experiment.problem];
  return (
    <button type="button" className="preset-card" data-testid={`preset-${preset.id}`} onClick={() => onChoose(preset)}>
      <span className="preset-title">
        {preset.title}
        {tag && <span className="preset-tag">{tag}</span>}
      </span>
      <span className="preset-look">{preset.look[0]}</span>
      <span className="preset-look">{preset.look[1]}</span>
    </button>
  );
}

export function PresetGallery() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    dialog.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        opener.current?.focus(); // keyboard users land back where they were
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };
  const choose = (p: Preset) => {
    setOpen(false);
    openPreset(p);
  };

  return (
    <>
      <button type="button" ref={opener} className="presets-open" data-testid="presets-open" aria-haspopup="dialog" aria-expanded={open}
        title="One click per scenario: load an experiment and play it" onClick={() => setOpen(true)}>
        ☰ Presets
      </button>
      {open && (
        <div className="preset-backdrop" data-testid="presets-backdrop" onClick={close}>
          <div ref={dialog} className="preset-dialog" role="dialog" aria-modal="true" aria-labelledby="presets-heading" tabIndex={-1}
            data-testid="presets-panel" onClick={(e) => e.stopPropagation()}>
            <header className="preset-header">
              <h2 id="presets-heading">Presets</h2>
              <span className="muted">One click loads the experiment and plays it; the address bar then holds its link.</span>
              <button type="button" className="icon" data-testid="presets-close" aria-label="Close the presets" onClick={close}>✕</button>
            </header>
            <div className="preset-groups">
              {GROUPS.map((g) => (
                <section key={g.scenario} className="preset-group" data-testid={`preset-group-${g.scenario}`}>
                  <h3>{g.title}</h3>
                  <div className="preset-cards">
                    {g.presets.map((p) => <PresetCard key={p.id} preset={p} onChoose={choose} />)}
                  </div>
                </section>
              ))}
            </div>
          </div>
        </div>
      )}
    </>
  );
}
