/** A per-run curve over iterations on a log y axis (loss, step size), redrawn from the draw loop. */
import { useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { Field } from '../../src/index';
import { onDraw } from '../drawLoop';
import { dataVersion, gather, getRuns, minMaxIndices } from '../runData';
import { useStore } from '../store';
import { BASE_LAYOUT, MAX_POINTS, runLooks } from './common';
import Plotly, { PLOT_CONFIG } from './plotly';

interface Props {
  testId: string;
  field: Exclude<Field, 'step'>;
  title: string;
  yTitle: string;
}

export function CurveView({ testId, field, title, yTitle }: Props) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    let last: { version: number; experiment: unknown } = { version: -1, experiment: null };
    const stop = onDraw(() => {
      const { experiment } = useStore.getState();
      const version = dataVersion();
      if (version === last.version && experiment === last.experiment) return;
      last = { version, experiment };
      const runs = getRuns();
      const looks = runLooks(experiment, runs.length);
      const traces: Data[] = runs.map((run, r) => {
        const idx = minMaxIndices(run.cols[field], run.n, MAX_POINTS);
        return {
          type: 'scatter',
          mode: run.n < 60 ? 'lines+markers' : 'lines',
          name: looks[r].label,
          x: gather(run.cols.step, idx),
          y: gather(run.cols[field], idx),
          line: { color: looks[r].color, width: 1.5 },
          marker: { color: looks[r].color, size: 4 },
          hovertemplate: `${looks[r].label}<br>iteration %{x}<br>${yTitle} %{y:.4g}<extra></extra>`,
        };
      });
      const layout: Partial<Layout> = {
        ...BASE_LAYOUT,
        title: { text: title, font: { size: 13 }, x: 0.01, xanchor: 'left', y: 0.985, yanchor: 'top' },
        margin: { l: 58, r: 12, t: 44, b: 40 },
        // Same problem: keep the user's zoom while points stream in and across resets.
        uirevision: experiment.problem,
        datarevision: version,
        xaxis: { title: { text: 'iteration' }, zeroline: false },
        yaxis: { title: { text: yTitle }, type: 'log', exponentformat: 'power' },
        showlegend: runs.length > 0,
        legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'bottom', font: { size: 10 } },
      };
      void Plotly.react(gd, traces, layout, PLOT_CONFIG);
    });
    return () => {
      stop();
      Plotly.purge(gd);
    };
  }, [field, title, yTitle]);

  return (
    <div className="view" data-testid={testId}>
      <div ref={ref} className="plot" />
    </div>
  );
}
