export * from './entities.js';
export { IdSchema, MAX_ID_LENGTH } from './id.js';
export { TimestampSchema, toEpochMs, EPOCH_SECONDS_LIMIT } from './timestamp.js';
export * from './validate.js';
export * from './marketplace-data.js';
