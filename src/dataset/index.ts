export * from './csr.js';
export * from './dataset.js';
export * from './event-log.js';
export * from './event-weighting.js';
export { IdIndex } from './id-index.js';
export * from './dataset-parts.js';
export type { CatalogueChange } from './catalogue.js';
export { ProductRemovalSchema, type ProductChangeCounts, type ProductChangeInput, type ProductRemovalInput } from './product-changes.js';
