import type { MarketplaceData, MarketplaceRejections } from '../schema/marketplace-data.js';
import type { RejectedRecord, ValidationMode } from '../schema/validate.js';
import type { AdapterReport } from './adapters/adapter-report.js';
import type { RowProblem } from './record-sink.js';

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
 * `[['uid', 'userId'], ['ts', 'timestamp']]`. Columns neither mapped nor named like a field (in
 * any case, with or without `_`, `-` and spaces) are ignored; the CSV loader lists them.
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
  /**
   * Rows whose id an earlier row of the file had; the first row wins. The marketplace loaders
   * refuse them (an error in `fail` mode, rejected rows in `collect` mode, so also in `rejected`);
   * the dataset adapters leave them out. 0 for most files.
   */
  readonly duplicates: number;
  /** Valid rows left out on request (events of unknown products with `unknownProducts: 'skip'`); absent when none. */
  readonly skipped?: number;
  /** Header columns of a CSV file that feed no field (neither mapped nor named like one); absent when none. */
  readonly ignoredColumns?: readonly string[];
}

/** How far a loader has read: rows of one file so far (reported every 10,000 rows and at the file's end). */
export interface LoadProgress {
  readonly entity: EntityName;
  readonly source: string;
  readonly rows: number;
}

/** A last check of a valid record: a problem makes it a bad row, `'skip'` leaves it out (counted), `undefined` keeps it. */
export type RecordCheck = (record: never) => RowProblem | 'skip' | undefined;

/** Options every file loader takes. */
export interface FileLoadOptions {
  /** A last check of each valid record, e.g. that an event's product exists (see {@link RecordCheck}). */
  readonly check?: RecordCheck;
  /** Called as rows are read (every 10,000 rows and once at the end of each file), e.g. for a progress line. */
  readonly onProgress?: (progress: LoadProgress) => void;
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
