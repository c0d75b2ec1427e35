/**
 * Each run's update rule, typeset with KaTeX: the rule in symbols (PyTorch semantics) and the same rule
 * with the run's live hyperparameters and last step size. The TeX comes from src/view/updateRules.ts,
 * built from its own templates and numbers it formats; labels stay text (React escapes them). That is
 * the only reason `dangerouslySetInnerHTML` is acceptable here: KaTeX's output of our own TeX.
 */
import { useEffect, useMemo, useState } from 'react';
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { OPTIMIZERS, updateRuleTex, withDefaults } from '../../src/index';
import type { RunSpec } from '../../src/index';
import { onDraw, requestDraw } from '../drawLoop';
import { dataVersion, getRuns } from '../runData';
import { useStore } from '../store';
import { runColor } from '../defaults';

/** Re-renders at most this often while runs stream (KaTeX is ~1 ms a line). */
const REFRESH_MS = 250;

function tex(s: string): string {
  return katex.renderToString(s, { throwOnError: false, displayMode: true, output: 'html' });
}

/** The last recorded step size and step of run `i` (null before its first update). */
function liveOf(i: number): { stepSize: number | null; t: number } {
  const r = getRuns()[i];
  if (!r || r.n === 0) return { stepSize: null, t: 0 };
  const s = r.cols.stepSize[r.n - 1];
  return { stepSize: Number.isFinite(s) ? s : null, t: r.cols.step[r.n - 1] };
}

export function UpdateRuleView() {
  const runs = useStore((s) => s.experiment.runs);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let last = -1;
    let at = 0;
    let later: ReturnType<typeof setTimeout> | undefined;
    const stop = onDraw(() => {
      const v = dataVersion();
      const now = performance.now();
      if (v === last) return;
      if (now - at < REFRESH_MS) {
        // Too soon: come back when it is time (the last frame of a burst must show too).
        if (later === undefined) later = setTimeout(() => { later = undefined; requestDraw(); }, REFRESH_MS - (now - at));
        return;
      }
      last = v;
      at = now;
      setVersion(v);
    });
    return () => {
      stop();
      clearTimeout(later);
    };
  }, []);
  return (
    <div className="view-body rule-view" data-testid="rule-view" data-version={version}>
      {runs.map((run, i) => <RuleCard key={i} index={i} run={run} />)}
    </div>
  );
}

function RuleCard({ index, run }: { index: number; run: RunSpec }) {
  const spec = OPTIMIZERS[run.optimizer];
  const hyper = useMemo(() => (spec ? withDefaults(run.optimizer, run.hyper) : {}), [spec, run.optimizer, run.hyper]);
  const live = liveOf(index);
  const rule = useMemo(() => updateRuleTex(run.optimizer, hyper, { stepSize: null, t: 0 }).rule.map(tex).join(''), [run.optimizer, hyper]);
  const values = updateRuleTex(run.optimizer, hyper, live).live.map(tex).join('');
  return (
    <section className="rule-card" data-testid={`rule-run-${index}`} data-optimizer={run.optimizer} data-step-size={live.stepSize ?? ''} data-step={live.t}
      style={{ borderLeftColor: runColor(run, index) }}>
      <h3>{run.label || `run ${index + 1}`} <span className="muted">{spec?.label ?? run.optimizer}</span></h3>
      <div className="rule-tex" data-testid={`rule-symbols-${index}`} dangerouslySetInnerHTML={{ __html: rule }} />
      <div className="rule-tex live" data-testid={`rule-live-${index}`} dangerouslySetInnerHTML={{ __html: values }} />
    </section>
  );
}
