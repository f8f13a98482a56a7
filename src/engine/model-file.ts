/**
 * Model files: a fitted recommender saved as JSON or binary and loaded back (layout and versions
 * in docs/model-file.md; encoding in model-codec.ts, migrations in model-migrations.ts).
 */
import { decodeModel, encodeModelBinary, encodeModelText, type ModelFileJson } from './model-codec.js';
import { Recommender, type RecommenderParts } from './recommender.js';

export { MODEL_FORMAT, type ModelFileJson } from './model-codec.js';
export { MODEL_VERSION } from './model-migrations.js';

/**
 * Serialises a fitted recommender as JSON text: config, dataset, fitted signal state (base64
 * little-endian arrays), exposure ledger and observed users, with a format version and a CRC-32
 * checksum. {@link loadRecommender} reproduces its recommendations exactly.
 * @throws NotFittedError before fit.
 */
export function recommenderToJSON(rec: Recommender): string {
  return encodeModelText(rec.exportState());
}

/**
 * Serialises a fitted recommender in the compact binary form (see docs/model-file.md).
 * @throws NotFittedError before fit.
 */
export function recommenderToBinary(rec: Recommender): Uint8Array {
  return encodeModelBinary(rec.exportState());
}

/**
 * Loads a recommender saved by {@link recommenderToJSON} (text), `Recommender.toJSON()` (parsed
 * data) or {@link recommenderToBinary} (bytes); `parts` as for `createRecommender`. Files of
 * older versions are migrated.
 * @throws FormatError for a corrupt, truncated, inconsistent or too new file.
 */
export function loadRecommender(file: string | Uint8Array | ModelFileJson, parts: RecommenderParts = {}): Recommender {
  return Recommender.fromState(decodeModel(file), parts);
}
