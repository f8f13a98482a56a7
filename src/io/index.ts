/**
 * goods-find-people/io: the Node-only entry. Streaming CSV / JSON / NDJSON loaders for the
 * marketplace entities, the marketplace directory loader, and adapters for real datasets
 * (MovieLens 100K / latest-small / 1M, Amazon reviews 2018, Book-Crossing), with catalogue,
 * sparse-user and merchant-name options.
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
export type { AdapterOptions, MerchantAdapterOptions, MovieLensOptions } from './adapters/adapter-options.js';
export type {
  AdapterReport,
  CatalogueMode,
  CatalogueReport,
  MerchantNameGroup,
  MerchantNamesReport,
  MerchantSpelling,
  SparseUsersReport,
} from './adapters/adapter-report.js';
export { basicMerchantKey, displayMerchantName, LEGAL_SUFFIXES } from './adapters/merchant-key.js';
export {
  nameMerchants,
  tiersByKey,
  type MerchantNameOptions,
  type MerchantNormalisation,
  type MerchantTiers,
  type UnnamedMerchants,
} from './adapters/merchant-names.js';
export { CATALOGUE_MODES, dropSparseUsers, restrictCatalogue } from './adapters/restrict.js';
export { loadMovieLens100k, ML100K_GENRES } from './adapters/movielens-100k.js';
export { loadMovieLensLatestSmall } from './adapters/movielens-latest-small.js';
export { loadMovieLens1m } from './adapters/movielens-1m.js';
export { MOVIELENS_MERCHANT_ID } from './adapters/movielens-common.js';
export { loadAmazon2018, UNBRANDED_MERCHANT_PREFIX, type AmazonFiles } from './adapters/amazon-2018.js';
export { loadBookCrossing, BOOKCROSSING_TIMESTAMP, NO_PUBLISHER_PREFIX, type BookCrossingOptions } from './adapters/bookcrossing.js';
export { detectFormat, findAmazonFiles, looksLikeAmazonRatingsCsv, type FindAmazonFilesOptions } from './detect-format.js';
export { loadDataset, DATASET_FORMATS, type LoadDatasetOptions } from './load-dataset.js';
export { dataRoot, resolveDataPath, DATA_ROOT_ENV, DATA_ROOT_PLACEHOLDER } from './data-root.js';
export { inspectDataset, type DatasetInspection, type RejectedSummary } from './inspect-dataset.js';
export { writeMarketplace, productsCsv, merchantsCsv, eventsCsv, topicsCsv, csvCell, MARKETPLACE_HEADERS, type WrittenMarketplace } from './write-marketplace.js';
