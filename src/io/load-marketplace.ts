import { DataError } from '../errors.js';
import type { Event, Merchant, Product, Topic } from '../schema/entities.js';
import { assembleMarketplace } from '../schema/marketplace-data.js';
import type { RejectedRecord } from '../schema/validate.js';
import { ENTITY_SPECS, type EntitySpec } from './entity-specs.js';
import { findFile } from './find-file.js';
import { loadEntityFile } from './load-entity.js';
import type { EntityName, FileCount, HeaderMapping, LoadMode, LoadedMarketplace } from './types.js';

/** Options of {@link loadMarketplace}. */
export interface MarketplaceLoadOptions {
  /** Bad-row policy. @default 'fail' */
  readonly mode?: LoadMode;
  /** Header mapping per entity, e.g. `{ events: [['user_id', 'userId']] }`. */
  readonly headers?: Partial<Record<EntityName, HeaderMapping>>;
  /** Longest accepted field, in UTF-8 bytes. @default 1048576 */
  readonly maxFieldBytes?: number;
}

const EXTENSIONS = ['.csv', '.json', '.ndjson', '.jsonl'] as const;

/** File names looked for, in order, for one entity. */
export function marketplaceFileNames(entity: EntityName): string[] {
  return EXTENSIONS.map((ext) => `${entity}${ext}`);
}

/**
 * Loads a marketplace directory: `products` and `events` (required), `merchants` and `topics`
 * (optional), each from `<entity>.csv`, or `.json` / `.ndjson` / `.jsonl` when the CSV is absent.
 *
 * @throws DataError when products or events are missing; ValidationError in `fail` mode.
 * @example const { data, rejected, counts } = await loadMarketplace('fixtures/marketplace', { mode: 'collect' })
 */
export async function loadMarketplace(dir: string, options: MarketplaceLoadOptions = {}): Promise<LoadedMarketplace> {
  const counts: FileCount[] = [];
  const load = async <T>(entity: EntityName, required: boolean): Promise<{ records: T[]; rejected: RejectedRecord[] }> => {
    const names = marketplaceFileNames(entity);
    const path = await findFile(dir, names);
    if (path === undefined) {
      if (required) throw new DataError(`${dir}: no ${entity} file (looked for ${names.join(', ')})`);
      return { records: [], rejected: [] };
    }
    const headers = options.headers?.[entity];
    const spec: EntitySpec = ENTITY_SPECS[entity];
    const result = await loadEntityFile(path, spec, {
      ...(options.mode !== undefined ? { mode: options.mode } : {}),
      ...(headers !== undefined ? { headers } : {}),
      ...(options.maxFieldBytes !== undefined ? { maxFieldBytes: options.maxFieldBytes } : {}),
    });
    counts.push(result.count);
    return { records: result.records as T[], rejected: result.rejected };
  };
  const products = await load<Product>('products', true);
  const merchants = await load<Merchant>('merchants', false);
  const events = await load<Event>('events', true);
  const topics = await load<Topic>('topics', false);
  return { format: 'marketplace', ...assembleMarketplace({ products, merchants, events, topics }), counts };
}
