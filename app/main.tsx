import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installDebug } from './debug';
import { openLink, watchLink } from './link';
import { startSession } from './session';
import './styles.css';

// The linked experiment (if any) goes into the store before the session loads it.
void openLink().finally(() => {
  startSession();
  watchLink();
});
installDebug();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
