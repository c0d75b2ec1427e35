/**
 * docs/presets.md, generated from the preset table (presets.test.ts checks that the file is up to
 * date; `UPDATE_PRESET_DOCS=1 npx vitest run src/presets` rewrites it).
 */
import { encodeLink } from '../link/index';
import { PRESETS, SCENARIO_ORDER, SCENARIO_TITLES } from './presets';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export async function presetsMarkdown(): Promise<string> {
  const lines: string[] = [
    '# Presets',
    '',
    'One click in the gallery ("Presets" at the top of the controls) loads an experiment and plays it:',
    'one preset per scenario of SCENARIOS.md (S1–S13), one per classic 2-D surface (REFERENCE §3), and a',
    'typed objective. The table is `src/presets/presets.ts`; this page is generated from it',
    '(`UPDATE_PRESET_DOCS=1 npx vitest run src/presets`, and a test fails when it is out of date).',
    '',
    'Two grids have presets of their own that start an analysis instead of playing: `s3-sweep` runs S3\'s',
    '270-run float64 sweep in the worker and draws its summary (final loss vs batch size and vs noise, the',
    'tuned-lr table), and `s13-beta-grid` fills Adam\'s β₁ × β₂ grid on the classifier cell by cell. For the',
    'other grids (S2\'s σ × batch) the preset is the most telling single configuration, and "what to look',
    'for" says which control to move for the rest. The',
    'neural presets (S5, S10, S13) use browser-sized models: S5\'s transformer is n_embd 32, 2 heads,',
    '1 layer, block 32 (seed 001: 192/4/2/256), and S13 trains 5 000 of the seed\'s 40 000 iterations.',
    '',
    'Each link is the URL hash of the preset\'s experiment (`encodeLink`, docs/links.md): append it to the',
    'playground\'s address to open the same experiment, bit for bit.',
    '',
    '| id | scenario | title | what to look for | expected phenomenon | link (hash) |',
    '|---|---|---|---|---|---|',
  ];
  for (const scenario of SCENARIO_ORDER) {
    for (const p of PRESETS.filter((q) => q.scenario === scenario)) {
      const hash = await encodeLink(p.experiment);
      lines.push(`| \`${p.id}\` | ${cell(SCENARIO_TITLES[scenario])} | ${cell(p.title)} | ${cell(p.look[0])}<br>${cell(p.look[1])} | ${cell(p.expect)} | \`#${hash}\` |`);
    }
  }
  lines.push(
    '',
    '## Notes',
    '',
    '- S4: with f* = 0, a batch-1 Polyak step on one point\'s steep branch 20‖z‖² is exactly',
    '  20‖z‖²/‖40z‖² = 1/80, half-way to that point\'s own minimum, so from a start near the origin',
    '  batch-1 Polyak stays in the near well; the preset shows the escape at batch 2 (seed 001 reports',
    '  it at batch 1, seed 000 at batch 2).',
    '- S9 and S11 use the shuffled batch order (`sampling` absent): GD is then the exact full batch, and',
    '  SGD with batch 1 visits the 7 points in a new random order each epoch (seed 003 samples with',
    '  replacement; with `"sampling": "replacement"` a batch of 7 would no longer be the full batch).',
    '- S3\'s SGD learning rate (0.01) is the one seed 001\'s rule picks for σ = 5, batch 16, data seed 0',
    '  from {0.001, 0.01, 0.1, 1}: the lowest final loss that neither diverged nor oscillated.',
    '',
  );
  return lines.join('\n');
}
