/** The bench page's build (npm run bench): its own root and output, apart from the app's dist/. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: fileURLToPath(new URL('../../dist-bench', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 8000 },
  preview: { port: 4392, strictPort: true },
});
