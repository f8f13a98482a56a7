import type { z } from 'zod';
import type { Event, Merchant, Product, Topic } from '../schema/entities.js';
import { EVENT_SPEC, MERCHANT_SPEC, PRODUCT_SPEC, TOPIC_SPEC, type EntitySpec } from './entity-specs.js';
import { loadCsvFile, type CsvLoadOptions } from './load-csv.js';
import { loadJsonFile, loadNdjsonFile } from './load-json.js';
import type { FileLoadResult } from './types.js';

/**
 * Loads one entity from a file, choosing the reader by extension: `.json` (array), `.ndjson` /
 * `.jsonl` (one object per line, optionally `.gz`), anything else CSV.
 */
export function loadEntityFile<S extends z.core.$ZodType>(
  path: string,
  spec: EntitySpec<S>,
  options: CsvLoadOptions = {},
): Promise<FileLoadResult<z.output<S>>> {
  const lower = path.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return loadNdjsonFile(path, spec, options);
  if (lower.endsWith('.json')) return loadJsonFile(path, spec, options);
  return loadCsvFile(path, spec, options);
}

/** Loads products (`id,merchantId,title,...`) from a CSV, JSON or NDJSON file. */
export function loadProducts(path: string, options?: CsvLoadOptions): Promise<FileLoadResult<Product>> {
  return loadEntityFile(path, PRODUCT_SPEC, options);
}

/** Loads merchants (`id,name,tier,joinedAt`) from a CSV, JSON or NDJSON file. */
export function loadMerchants(path: string, options?: CsvLoadOptions): Promise<FileLoadResult<Merchant>> {
  return loadEntityFile(path, MERCHANT_SPEC, options);
}

/** Loads events (`userId,productId,type,timestamp,...`; timestamps to epoch ms) from a CSV, JSON or NDJSON file. */
export function loadEvents(path: string, options?: CsvLoadOptions): Promise<FileLoadResult<Event>> {
  return loadEntityFile(path, EVENT_SPEC, options);
}

/** Loads topics (`id,text,tags,productIds,region,heat`) from a CSV, JSON or NDJSON file. */
export function loadTopics(path: string, options?: CsvLoadOptions): Promise<FileLoadResult<Topic>> {
  return loadEntityFile(path, TOPIC_SPEC, options);
}
