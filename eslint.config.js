import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The engine under src/ must stay framework-free: it runs in Node (tests, CLI), in the worker,
// and on the main thread as a fallback. This rule is the boundary, not a convention.
const engineBoundary = {
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['react', 'react-dom', 'react-dom/*', 'react/*'], message: 'src/ is framework-free: no React.' },
        { group: ['zustand', 'zustand/*'], message: 'src/ is framework-free: no zustand.' },
        { group: ['plotly.js*', 'plotly.js-*'], message: 'Plotly lives in app/views/ only.' },
        { group: ['**/app/**', '../app/*', '../../app/*'], message: 'src/ must not import app/.' },
      ],
    }],
    'no-restricted-globals': ['error',
      { name: 'document', message: 'src/ has no DOM.' },
      { name: 'window', message: 'src/ has no DOM.' },
    ],
  },
};

const noEval = {
  rules: {
    'no-eval': 'error',
    'no-implied-eval': 'error',
    'no-new-func': 'error',
    'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded rng (src/rng.ts).' }],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  noEval,
  engineBoundary,
  // app/ reaches the engine through its public entry (src/index.ts) and the worker, nothing deeper.
  {
    files: ['app/views/**/*.ts', 'app/views/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/src/**', '!**/src/index'], message: 'app/ imports the engine only through src/index.ts.' }],
      }],
    },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    ignores: ['app/views/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['plotly.js*'], message: 'Plotly lives in app/views/ only.' },
          { group: ['**/src/**', '!**/src/index'], message: 'app/ imports the engine only through src/index.ts.' },
        ],
      }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
