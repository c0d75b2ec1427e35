import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// Its own port, so that an `npm start` left running (port 4173) does not collide with the tests.
const PORT = Number(process.env.E2E_PORT ?? 4319);
// The build to serve (several engineers can test side by side: `vite build --outDir dist-x` and E2E_DIST=dist-x).
const DIST = process.env.E2E_DIST ?? 'dist';

// Debian's Chromium (Playwright cannot download browsers here); the page is the production build
// served by `vite preview` (npm run test:e2e builds first).
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  testDir: '.',
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 720 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: ARGS },
  },
  projects: [
    { name: 'chromium' },
    // With a WebGPU adapter (SwiftShader): the specs whose results depend on the TF.js backend (models,
    // analyses, presets that train on the tensor path) and the playground itself. The UI-only specs run
    // once, in the project above, which has no adapter (the fallback backends), and so do the tests of
    // those specs whose backend part another webgpu test already covers: the analytic presets and the
    // S3 sweep preset (float64 path), the S13 β-grid preset (its grid runs on webgpu in analysis.spec),
    // and the corpus-file validation (page-side checks; the transformer trains on webgpu in models.spec).
    // Each costs 5–60 s on SwiftShader, most of it compiling shaders again.
    {
      name: 'chromium-webgpu',
      testMatch: ['models.spec.ts', 'analysis.spec.ts', 'presets.spec.ts', 'playground.spec.ts', 'guard.spec.ts'],
      grepInvert: /analytic preset [\w-]+ loads|S3 sweep preset|S13 β-grid preset|dropped text file is validated/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: [...ARGS, '--enable-unsafe-webgpu'] } },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --outDir ${DIST}`,
    cwd: root,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
