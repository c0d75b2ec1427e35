/**
 * Headless runner: `npm run experiment -- file.json [--out trace.json]`.
 * Runs the experiment with the same engine as the browser and writes the trace (version 1) to
 * --out, or to stdout. A summary goes to stderr. A bad file exits with status 1 and a message per
 * problem found; bad arguments exit with status 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseExperimentText } from '../experiment/schema';
import { makeTrace } from '../experiment/trace';
import { Runner } from '../run/runner';

const USAGE = 'usage: npm run experiment -- <experiment.json> [--out <trace.json>]';

export function main(argv: string[]): number {
  const args = [...argv];
  let out: string | undefined;
  const files: string[] = [];
  while (args.length) {
    const a = args.shift() as string;
    if (a === '--out' || a === '-o') {
      out = args.shift();
      if (!out) return fail(2, `--out needs a file name\n${USAGE}`);
    } else if (a === '--help' || a === '-h') {
      process.stderr.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('-')) {
      return fail(2, `unknown option ${a}\n${USAGE}`);
    } else files.push(a);
  }
  if (files.length !== 1) return fail(2, USAGE);
  let text: string;
  try {
    text = readFileSync(files[0], 'utf8');
  } catch (err) {
    return fail(1, `cannot read ${files[0]}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const parsed = parseExperimentText(text);
  if (!parsed.ok) return fail(1, `${files[0]} is not a valid experiment:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`);
  let runner: Runner;
  try {
    runner = new Runner(parsed.experiment);
  } catch (err) {
    return fail(1, `${files[0]} is not a valid experiment:\n  - ${(err as Error).message}`);
  }
  runner.runToEnd();
  const json = JSON.stringify(makeTrace(runner));
  if (out) writeFileSync(out, `${json}\n`);
  else process.stdout.write(`${json}\n`);
  for (const r of runner.runs) {
    const rec = r.recorder;
    const last = rec.loss[rec.length - 1];
    process.stderr.write(`${r.label}: ${r.status === 'diverged' ? r.reason : `${r.t} steps, final loss ${last}`}\n`);
  }
  if (out) process.stderr.write(`trace written to ${out}\n`);
  return 0;
}

function fail(code: number, message: string): number {
  process.stderr.write(`error: ${message}\n`);
  return code;
}

// Run only when executed (`tsx src/cli/experiment.ts`), not when a test imports main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
