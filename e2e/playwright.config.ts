import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

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
    baseURL: 'http://localhost:4173',
    viewport: { width: 1280, height: 720 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: ARGS },
  },
  projects: [
    { name: 'chromium' },
    { name: 'chromium-webgpu', use: { launchOptions: { executablePath: '/usr/bin/chromium', args: [...ARGS, '--enable-unsafe-webgpu'] } } },
  ],
  webServer: {
    command: 'npx vite preview --port 4173 --strictPort',
    cwd: root,
    url: 'http://localhost:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
