/** The Gini coefficient (one home: src/_internal/gini.ts), exported with the metrics. */
export { gini } from '../../_internal/gini.js';
