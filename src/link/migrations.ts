/**
 * Link versions. `MIGRATIONS[v]` upgrades the raw pairs of a version-v link to version v + 1 (renamed
 * keys, changed units), before any value is decoded; links of every earlier version therefore keep
 * opening. Version 1 is the first: the table is empty until version 2 exists.
 *
 * To change the format: bump LINK_VERSION, add `MIGRATIONS[LINK_VERSION − 1]`, keep the frozen links of
 * the tests decoding to the same experiments, and add one for the new version.
 */
import type { LinkIssue } from './issues';
import { LINK_VERSION } from './keys';

/** Raw key → value text (percent-decoding already undone). */
export type Pairs = Map<string, string>;
export type Migration = (pairs: Pairs) => Pairs;

export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/**
 * Upgrades `pairs` from version `from` to `to` with `table`. A link from a newer version, or one whose
 * path has a missing step, is read as it is (best effort) and reported under `v`.
 */
export function migrate(pairs: Pairs, from: number, table: Readonly<Record<number, Migration>> = MIGRATIONS, to = LINK_VERSION): { pairs: Pairs; issues: LinkIssue[] } {
  if (from > to) return { pairs, issues: [{ key: 'v', reason: `made by a newer version (${from}) of the playground; read as version ${to}` }] };
  let out = pairs;
  for (let v = from; v < to; v++) {
    const step = Object.hasOwn(table, v) ? table[v] : undefined;
    if (!step) return { pairs: out, issues: [{ key: 'v', reason: `no migration from version ${v}; read as version ${to}` }] };
    out = step(new Map(out));
  }
  return { pairs: out, issues: [] };
}
