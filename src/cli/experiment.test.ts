import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './experiment';

const dir = mkdtempSync(join(tmpdir(), 'cli-'));
const stderr: string[] = [];
vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
afterEach(() => void (stderr.length = 0));

describe('npm run experiment', () => {
  it('runs an experiment file and writes its trace; the same file gives the same trace', () => {
    const out1 = join(dir, 't1.json');
    const out2 = join(dir, 't2.json');
    expect(main(['docs/examples/rosenbrock-race.json', '--out', out1])).toBe(0);
    expect(main(['docs/examples/rosenbrock-race.json', '--out', out2])).toBe(0);
    const t1 = readFileSync(out1, 'utf8');
    expect(readFileSync(out2, 'utf8')).toBe(t1);
    const trace = JSON.parse(t1);
    expect(trace.version).toBe(1);
    expect(trace.runs.map((r: { label: string }) => r.label)).toEqual(['GD', 'Momentum', 'Adam', 'Polyak']);
    const adam = trace.runs[2];
    expect(adam.step.at(-1)).toBe(3000);
    expect(adam.params.at(-1)[0]).toBeCloseTo(1, 4);
    expect(adam.stepSize[0]).toBeNull();
    expect(stderr.join('')).toMatch(/trace written to/);
  });

  it('exits 1 with a message per problem for a bad file', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, problem: 'rosenbrock', runs: [{ label: 'x', optimizer: 'sgd', hyper: { lr: -2 } }] }));
    expect(main([bad])).toBe(1);
    expect(stderr.join('')).toMatch(/is not a valid experiment:\n {2}- runs\[0\]\.hyper\.lr: must be ≥ 0, got -2/);
  });

  it('exits 1 for a missing file or broken JSON, and 2 for bad arguments', () => {
    expect(main([join(dir, 'missing.json')])).toBe(1);
    expect(stderr.join('')).toMatch(/cannot read .*missing\.json: ENOENT/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version":');
    expect(main([broken])).toBe(1);
    expect(stderr.join('')).toMatch(/not valid JSON/);
    expect(main([])).toBe(2);
    expect(main(['a.json', '--frobnicate'])).toBe(2);
    expect(main(['a.json', '--out'])).toBe(2);
  });
});
