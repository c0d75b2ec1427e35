/** The `ignored` list of a decoded link, and the small helpers that decode one key into a field. */
import type { Codec } from './codecs';
import { show } from './codecs';
import { LINK_LIMITS } from './keys';

/** A key of the link that was dropped, clamped or cleaned, and why. */
export interface LinkIssue {
  key: string;
  reason: string;
}

/** Collects issues; keys are shown shortened (they are user text too). */
export class Issues {
  readonly list: LinkIssue[] = [];
  private extra = 0;

  add(key: string, reason: string): void {
    if (this.list.length < LINK_LIMITS.issues) this.list.push({ key: key.length > 40 ? `${key.slice(0, 40)}…` : key, reason });
    else this.extra++;
  }

  addAll(issues: readonly LinkIssue[]): void {
    for (const i of issues) this.add(i.key, i.reason);
  }

  /** The list, with a last entry counting what did not fit. */
  done(): LinkIssue[] {
    return this.extra ? [...this.list, { key: '(link)', reason: `${this.extra} more keys ignored` }] : this.list;
  }
}

/**
 * Decodes `text` with `codec`: the value (a clamp or clean-up is reported under `key`), or undefined
 * with the reason reported.
 */
export function decodeKey<T>(issues: Issues, key: string, text: string, codec: Codec<T>): T | undefined {
  const d = codec.decode(text);
  if (!d.ok) {
    issues.add(key, `${d.reason}; ignored`);
    return undefined;
  }
  if (d.note) issues.add(key, d.note);
  return d.value;
}

export { show };
