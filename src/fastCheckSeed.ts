/**
 * Vitest setup: property tests (fast-check) replay the same cases on every run, so a CI run cannot fail
 * by the luck of its draw. `FC_SEED=random npm run test:unit` explores new cases (and prints the seed of
 * a failure); `FC_SEED=<n>` replays one.
 */
import fc from 'fast-check';

const env = process.env.FC_SEED;
const seed = env === 'random' ? Date.now() ^ (Math.floor(performance.now() * 1000) | 0) : Number(env ?? 20261123);
fc.configureGlobal({ seed });
