/** Docs stay true: every optimizer and problem id, and every example experiment, is documented and valid. */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { OPTIMIZERS } from './optim/aliases';
import { PROBLEMS } from './problems/registry';
import { parseExperimentText } from './experiment/schema';

describe('docs', () => {
  it('docs/optimizers.md documents every optimizer and every hyperparameter', () => {
    const doc = readFileSync('docs/optimizers.md', 'utf8');
    for (const o of Object.values(OPTIMIZERS)) {
      expect(doc).toContain(`\`${o.id}\``);
      for (const h of Object.keys(o.hyper)) expect(doc).toContain(`| \`${h}\` |`);
    }
  });

  it('docs/problems.md documents every problem and its generators', () => {
    const doc = readFileSync('docs/problems.md', 'utf8');
    for (const p of Object.values(PROBLEMS)) {
      expect(doc).toContain(`\`${p.id}\``);
      for (const g of p.generators) expect(doc).toContain(`\`${g}\``);
    }
  });

  it('every example in docs/examples is a valid experiment', () => {
    const files = readdirSync('docs/examples').filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = parseExperimentText(readFileSync(`docs/examples/${f}`, 'utf8'));
      expect(r.ok ? [] : r.errors, f).toEqual([]);
    }
  });
});
