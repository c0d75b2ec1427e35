import { ProblemPanel } from './controls/ProblemPanel';
import { RunList } from './controls/RunList';
import { StatusLine } from './controls/StatusLine';
import { Transport } from './controls/Transport';
import { ContourView } from './views/ContourView';
import { CurveView } from './views/CurveView';

export function App() {
  return (
    <div className="app">
      <aside className="controls">
        <header className="brand">
          <h1>Optimizer playground</h1>
        </header>
        <Transport />
        <ProblemPanel />
        <RunList />
      </aside>
      <main className="views">
        <StatusLine />
        <div className="view-grid">
          <ContourView />
          <CurveView testId="loss-view" field="loss" title="Loss (full data)" yTitle="loss f(θ)" />
          <CurveView testId="stepsize-view" field="stepSize" title="Step size" yTitle="step size γ" />
        </div>
      </main>
    </div>
  );
}
