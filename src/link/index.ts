/**
 * The experiment ⇄ URL hash codec (docs/links.md): flat `key=value` pairs for common settings, a
 * compressed payload `z` for user data, per-key validation, a version and migrations.
 */
export { encodeLink, linkPairs } from './encode';
export { decodeLink, decodeViewFlags, type DecodedLink, type LinkIssue } from './decode';
export { HIDE_PARTS, VIEW_KEYS, encodeViewFlags, type HidePart, type ViewFlags } from './view';
export { DEFAULT_VIEW_PREFS, encodeViewPrefs, type LinkViewPrefs } from './viewPrefs';
export { LINK_VERSION, LINK_LIMITS } from './keys';
export { MIGRATIONS, migrate, type Migration, type Pairs } from './migrations';
