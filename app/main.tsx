import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installDebug } from './debug';
import { openLink, watchLink } from './link';
import { startSession } from './session';
import { installLecture } from './lecture/lecture';
import './styles.css';

// The linked experiment (if any) goes into the store before the session loads it.
void openLink().finally(() => {
  startSession();
  watchLink();
});
installDebug();
installLecture(); // lecture/embed flags of the link, and the keyboard
// Offline (public/sw.js): production builds only, so the dev server's hot reload is never cached.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').then(
      () => navigator.serviceWorker.ready.then((reg) => {
        // Precache what this page loaded before the worker controlled it (hashed assets, the worker script).
        const urls = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.startsWith(location.origin));
        reg.active?.postMessage({ type: 'precache', urls: [location.pathname, ...urls] });
      }),
      () => { /* no service worker (private mode, file://): the app works online */ },
    );
  });
}
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
