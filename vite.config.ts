/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';

// Cross-origin isolation is not needed yet (no SharedArrayBuffer); a strict CSP without
// 'unsafe-eval' is set in index.html.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // Fonts (KaTeX's) stay files: the CSP has no font-src, so a data: font would be refused.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, assetsInlineLimit: (file) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined) },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'app/**/*.test.ts'],
    setupFiles: ['src/fastCheckSeed.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Vitest's default (one worker fewer than the cores) runs the files one at a time on a 2-core
    // machine: 168 s here against 110 s with both cores.
    maxWorkers: availableParallelism(),
  },
});
