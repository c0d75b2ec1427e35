import { LinkNotice } from './controls/LinkNotice';
import { PresetGallery } from './controls/PresetGallery';
import { ProblemPanel } from './controls/ProblemPanel';
import { RunList } from './controls/RunList';
import { StatusLine } from './controls/StatusLine';
import { Transport } from './controls/Transport';
import { ViewSlot } from './views/ViewSlot';
import { useEffect } from 'react';
import { followModelSlots } from './views/ModelViews';

export function App() {
  useEffect(followModelSlots, []); // a neural model opens on its own views
  return (
    <div className="app">
      <aside className="controls">
        <header className="brand">
          <h1>Optimizer playground</h1>
          <PresetGallery />
        </header>
        <Transport />
        <ProblemPanel />
        <RunList />
      </aside>
      <main className="views">
        <LinkNotice />
        <StatusLine />
        <div className="view-grid">
          <ViewSlot index={0} />
          <ViewSlot index={1} />
          <ViewSlot index={2} />
        </div>
      </main>
    </div>
  );
}
