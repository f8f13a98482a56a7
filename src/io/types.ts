import type { MarketplaceData, MarketplaceRejections } from '../schema/marketplace-data.js';
import type { RejectedRecord, ValidationMode } from '../schema/validate.js';
import type { AdapterReport } from './adapters/adapter-report.js';

/** The four marketplace entities a file can hold. */
export type EntityName = 'products' | 'merchants' | 'events' | 'topics';

/** Formats {@link loadDataset} understands. */
export type DatasetFormat = 'marketplace' | 'ml-100k' | 'ml-latest-small' | 'ml-1m' | 'amazon-2018' | 'bookcrossing';

/**
 * How a loader treats a bad row: `fail` throws a ValidationError at the first one (naming file,
 * line, field, value and reason); `collect` loads the good rows and returns the bad ones.
 */
export type LoadMode = ValidationMode;

/**
 * Caller column names mapped to the library's field names: a Map or `[from, to]` pairs, e.g.
 * `[['user_id', 'userId'], ['ts', 'timestamp']]`. Columns neither mapped nor named like a field are ignored.
 */
export type HeaderMapping = ReadonlyMap<string, string> | readonly (readonly [string, string])[];

/** What one file contributed: rows read, records loaded, rows rejected, duplicates skipped. */
export interface FileCount {
  /** Entity the file holds. */
  readonly entity: EntityName;
  /** Path of the file. */
  readonly source: string;
  /** Data rows read (header and blank lines excluded). */
  readonly rows: number;
  /** Rows that became records. */
  readonly loaded: number;
  /** Rows rejected (only non-zero in `collect` mode). */
  readonly rejected: number;
  /** Valid rows left out because an earlier row had the same id (first wins); 0 for most files. */
  readonly duplicates: number;
}

/** Options every file loader takes. */
export interface FileLoadOptions {
  /** Bad-row policy. @default 'fail' */
  readonly mode?: LoadMode;
  /** Caller column names to field names (CSV headers and JSON keys). */
  readonly headers?: HeaderMapping;
  /** Longest accepted field, in UTF-8 bytes; a longer field rejects its row. @default 1048576 (1 MiB) */
  readonly maxFieldBytes?: number;
}

/** Records of one file, the rejected rows and the counts. */
export interface FileLoadResult<T> {
  readonly records: T[];
  readonly rejected: RejectedRecord[];
  readonly count: FileCount;
}

/** A loaded marketplace: validated data, rejected rows per entity and per-file counts. */
export interface LoadedMarketplace {
  /** Format the data came from. */
  readonly format: DatasetFormat;
  readonly data: MarketplaceData;
  readonly rejected: MarketplaceRejections;
  /** One entry per file read, in reading order. */
  readonly counts: FileCount[];
  /** Real-data adapters: the catalogue kept, users dropped, merchant names merged, event times. */
  readonly adapter?: AdapterReport;
}
