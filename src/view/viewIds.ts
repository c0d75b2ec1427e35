/**
 * The page's views, by id, in the view picker's order. The list lives in the engine (not in app/) so
 * that the link decoder and the preset table can check the ids they read against the views the page
 * has; app/views/prefs.ts takes it from here, so the two can never disagree.
 */
export const VIEW_IDS = ['contour', 'fit', 'loss', 'stepSize', 'gradNorm', 'params', 'distance', 'gap', 'inspector', 'evaluation', 'samples', 'landscape', 'betaGrid', 'sweep', 'sweepSummary', 'rule'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** The views a page opens with: the large slot on the left, then the two on the right. */
export const DEFAULT_SLOTS: readonly [ViewId, ViewId, ViewId] = Object.freeze(['contour', 'loss', 'stepSize'] as [ViewId, ViewId, ViewId]);
