/**
 * goods-find-people/io: the Node-only entry. Streaming CSV / JSON / NDJSON loaders for the
 * marketplace entities, the marketplace directory loader, and adapters for real datasets
 * (MovieLens 100K / latest-small / 1M, Amazon reviews 2018).
 */
export type {
  DatasetFormat,
  EntityName,
  FileCount,
  FileLoadOptions,
  FileLoadResult,
  HeaderMapping,
  LoadedMarketplace,
  LoadMode,
  LoadProgress,
  RecordCheck,
} from './types.js';
export type { RowPlace, RowProblem } from './record-sink.js';
export { DEFAULT_MAX_FIELD_BYTES } from './field-size.js';
export { readCsvRows, type CsvReadOptions, type CsvRow } from './csv-rows.js';
export { readTextLines, type TextLine, type TextLinesOptions } from './text-lines.js';
export { EVENT_SPEC, MERCHANT_SPEC, PRODUCT_SPEC, TOPIC_SPEC, ENTITY_SPECS, type EntitySpec } from './entity-specs.js';
export { parseHeatCell } from './topic-fields.js';
export { loadCsvFile, type CsvLoadOptions } from './load-csv.js';
export { loadJsonFile, loadNdjsonFile } from './load-json.js';
export { loadEntityFile, loadEvents, loadMerchants, loadProducts, loadTopics } from './load-entity.js';
export { loadMarketplace, marketplaceFileNames, type MarketplaceLoadOptions } from './load-marketplace.js';
export type { AdapterOptions, MovieLensOptions } from './adapters/adapter-options.js';
export { loadMovieLens100k, ML100K_GENRES } from './adapters/movielens-100k.js';
export { loadMovieLensLatestSmall } from './adapters/movielens-latest-small.js';
export { loadMovieLens1m } from './adapters/movielens-1m.js';
export { MOVIELENS_MERCHANT_ID } from './adapters/movielens-common.js';
export { loadAmazon2018, UNBRANDED_MERCHANT_PREFIX, type AmazonFiles } from './adapters/amazon-2018.js';
export { detectFormat, findAmazonFiles } from './detect-format.js';
export { loadDataset, type LoadDatasetOptions } from './load-dataset.js';
export { dataRoot, resolveDataPath, DATA_ROOT_ENV, DATA_ROOT_PLACEHOLDER } from './data-root.js';
export { inspectDataset, type DatasetInspection, type RejectedSummary } from './inspect-dataset.js';
export { writeMarketplace, productsCsv, merchantsCsv, eventsCsv, topicsCsv, csvCell, MARKETPLACE_HEADERS, type WrittenMarketplace } from './write-marketplace.js';
