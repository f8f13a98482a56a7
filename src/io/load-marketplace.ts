import { DataError } from '../errors.js';
import type { Event, Merchant, Product, Topic } from '../schema/entities.js';
import { assembleMarketplace } from '../schema/marketplace-data.js';
import type { RejectedRecord } from '../schema/validate.js';
import { ENTITY_SPECS, type EntitySpec } from './entity-specs.js';
import { findFile, firstNonFile } from './find-file.js';
import { loadEntityFile } from './load-entity.js';
import type { EntityName, FileCount, HeaderMapping, LoadMode, LoadProgress, LoadedMarketplace, RecordCheck } from './types.js';

/** Options of {@link loadMarketplace}. */
export interface MarketplaceLoadOptions {
  /** Bad-row policy. @default 'fail' */
  readonly mode?: LoadMode;
  /** Header mapping per entity, e.g. `{ events: [['user_id', 'userId']] }`. */
  readonly headers?: Partial<Record<EntityName, HeaderMapping>>;
  /** Longest accepted field, in UTF-8 bytes. @default 1048576 */
  readonly maxFieldBytes?: number;
  /**
   * Events naming a product that is not among the loaded products: `error` makes each a bad row
   * (naming `events.csv:7`; fail mode throws, collect mode rejects it), `skip` leaves them out,
   * counted in the events file's `skipped`. @default 'error'
   */
  readonly unknownProducts?: 'error' | 'skip';
  /** Called as rows are read (every 10,000 rows and at the end of each file). */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Text encoding of the CSV files (JSON files are UTF-8). @default 'utf8' */
  readonly encoding?: 'utf8' | 'latin1';
}

const EXTENSIONS = ['.csv', '.json', '.ndjson', '.jsonl'] as const;

/** File names looked for, in order, for one entity. */
export function marketplaceFileNames(entity: EntityName): string[] {
  return EXTENSIONS.map((ext) => `${entity}${ext}`);
}

/**
 * Loads a marketplace directory: `products` and `events` (required), `merchants` and `topics`
 * (optional), each from `<entity>.csv`, or `.json` / `.ndjson` / `.jsonl` when the CSV is absent.
 * Ids of products, merchants and topics must be unique within their file (a repeated id is a bad
 * row naming both lines; in `collect` mode the first row wins and the others are rejected and
 * counted in `duplicates`). Events must name loaded products (see `unknownProducts`).
 *
 * @throws DataError when products or events are missing, a file name is taken by a directory, or
 *   the products or events file has no rows;
 *   ValidationError in `fail` mode at the first bad row.
 * @example const { data, rejected, counts } = await loadMarketplace('fixtures/marketplace', { mode: 'collect' })
 */
export async function loadMarketplace(dir: string, options: MarketplaceLoadOptions = {}): Promise<LoadedMarketplace> {
  const counts: FileCount[] = [];
  const load = async <T>(entity: EntityName, required: boolean, check?: RecordCheck): Promise<{ records: T[]; rejected: RejectedRecord[] }> => {
    const names = marketplaceFileNames(entity);
    const path = await findFile(dir, names);
    if (path === undefined) {
      const notFile = await firstNonFile(dir, names);
      if (notFile !== undefined) throw new DataError(`${notFile}: is a directory or other non-file (expected the ${entity} file)`);
      if (required) throw new DataError(`${dir}: no ${entity} file (looked for ${names.join(', ')})`);
      return { records: [], rejected: [] };
    }
    const headers = options.headers?.[entity];
    const spec: EntitySpec = ENTITY_SPECS[entity];
    const result = await loadEntityFile(path, spec, {
      ...(options.mode !== undefined ? { mode: options.mode } : {}),
      ...(headers !== undefined ? { headers } : {}),
      ...(options.maxFieldBytes !== undefined ? { maxFieldBytes: options.maxFieldBytes } : {}),
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
      ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
      ...(check !== undefined ? { check } : {}),
    });
    counts.push(result.count);
    if (entity === 'events' && result.count.rows === 0) {
      throw new DataError(`${path}: no events (the file has no data rows); at least one event is needed to fit a recommender`);
    }
    if (entity === 'products' && result.count.rows === 0) {
      throw new DataError(`${path}: no products (the file has no data rows); events must name the products of this file`);
    }
    return { records: result.records as T[], rejected: result.rejected };
  };
  const products = await load<Product>('products', true);
  const merchants = await load<Merchant>('merchants', false);
  const productsFile = counts[0]?.source ?? 'the products file';
  const events = await load<Event>('events', true, knownProducts(products.records, productsFile, options.unknownProducts ?? 'error'));
  const topics = await load<Topic>('topics', false);
  return { format: 'marketplace', ...assembleMarketplace({ products, merchants, events, topics }), counts };
}

/** The check that an event names one of `products` (see {@link MarketplaceLoadOptions.unknownProducts}). */
function knownProducts(products: readonly Product[], productsFile: string, policy: 'error' | 'skip'): RecordCheck {
  const ids = new Set(products.map((p) => p.id));
  return ((event: Event) => {
    if (ids.has(event.productId)) return undefined;
    if (policy === 'skip') return 'skip';
    return {
      field: 'productId',
      value: event.productId,
      reason:
        `unknown product: not among the ${ids.size} products of ${productsFile} ` +
        "(gfp --unknown-products skip, or unknownProducts: 'skip', leaves such events out, counted)",
    };
  }) as RecordCheck;
}
