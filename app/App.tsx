import { LinkNotice } from './controls/LinkNotice';
import { PresetGallery } from './controls/PresetGallery';
import { ProblemPanel } from './controls/ProblemPanel';
import { RunList } from './controls/RunList';
import { StatusLine } from './controls/StatusLine';
import { Transport } from './controls/Transport';
import { ExportMenu } from './controls/ExportMenu';
import { ViewSlot } from './views/ViewSlot';
import { useEffect } from 'react';
import { followModelSlots } from './views/ModelViews';
import { hiddenParts, lectureClasses, useLecture } from './lecture/lecture';
import { LectureBar } from './lecture/LectureBar';
import './lecture.css';

export function App() {
  useEffect(followModelSlots, []); // a neural model opens on its own views
  const flags = useLecture();
  const hidden = hiddenParts(flags);
  return (
    <div className={`app ${lectureClasses(flags)}`} data-testid="app">
      {!hidden.has('controls') && (
        <aside className="controls">
          <header className="brand">
            <h1>Optimizer playground</h1>
            {!hidden.has('presets') && <PresetGallery />}
          </header>
          {!hidden.has('transport') && <Transport />}
          {!hidden.has('problem') && <ProblemPanel />}
          {!hidden.has('runs') && <RunList />}
          {!hidden.has('export') && <ExportMenu />}
        </aside>
      )}
      <main className="views">
        {!hidden.has('notice') && <LinkNotice />}
        {!hidden.has('status') && <StatusLine />}
        {(flags.lecture || flags.embed) && <LectureBar />}
        <div className="view-grid">
          <ViewSlot index={0} />
          <ViewSlot index={1} />
          <ViewSlot index={2} />
        </div>
      </main>
    </div>
  );
}
