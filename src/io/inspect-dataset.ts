import { gini } from '../_internal/gini.js';
import { buildDataset } from '../dataset/dataset.js';
import { dataWarnings } from '../dataset/data-warnings.js';
import { DEFAULT_TYPE_WEIGHTS, createEventWeighting } from '../dataset/event-weighting.js';
import { formatIssue } from '../errors.js';
import type { RejectedRecord } from '../schema/validate.js';
import type { AdapterReport } from './adapters/adapter-report.js';
import type { DatasetFormat, EntityName, FileCount, LoadedMarketplace } from './types.js';

/** Rejected rows of one file: how many, and the first few with their reasons. */
export interface RejectedSummary {
  readonly entity: EntityName;
  readonly source: string;
  readonly rejected: number;
  readonly examples: readonly { readonly line?: number; readonly index: number; readonly reasons: readonly string[] }[];
}

/** What `gfp inspect` reports about a dataset. */
export interface DatasetInspection {
  readonly format: DatasetFormat;
  readonly counts: {
    readonly users: number;
    readonly products: number;
    readonly merchants: number;
    /** Events that entered the dataset (events naming an unknown product are not included). */
    readonly events: number;
    readonly topics: number;
    /** Stored (user, product) cells of the interaction matrix (positive weight only). */
    readonly interactions: number;
  };
  /** Events left out because their product is unknown. */
  readonly skippedUnknownProduct: number;
  /** Share of empty cells in users x products, in [0, 1]; `null` for an empty matrix. */
  readonly sparsity: number | null;
  /** Events per type, most frequent first (ties by name). */
  readonly eventsPerType: readonly { readonly type: string; readonly count: number }[];
  /** Custom event types that had no weight and were counted with weight 1. */
  readonly assumedWeightTypes: readonly string[];
  readonly merchantConcentration: {
    /** Share of stored interactions on the 10 merchants with the most, in [0, 1]. */
    readonly top10Share: number;
    /** Gini of stored interactions per merchant, merchants with none included (0 = equal). */
    readonly gini: number;
  };
  /** Earliest and latest event time, ISO 8601 UTC; `null` without events or without times (`adapter.timestamps` `none`). */
  readonly timeRange: { readonly first: string; readonly last: string } | null;
  /** Per-file counts as loaded. */
  readonly files: readonly FileCount[];
  /** Rejected rows per file that had any. */
  readonly rejected: readonly RejectedSummary[];
  /** Real-data adapters: the catalogue kept, users dropped, merchant names merged, event times. */
  readonly adapter?: AdapterReport;
  /** Warnings about the data that do not stop a fit (`dataWarnings`; inspect applies no decay, so: users who touched far more products than the rest). */
  readonly warnings: readonly string[];
}

function summarise(entity: EntityName, rows: readonly RejectedRecord[], files: readonly FileCount[], maxExamples: number): RejectedSummary[] {
  const bySource = new Map<string, RejectedRecord[]>();
  for (const r of rows) {
    const source = r.issues[0]?.source ?? entity;
    const list = bySource.get(source);
    if (list === undefined) bySource.set(source, [r]);
    else list.push(r);
  }
  const out: RejectedSummary[] = [];
  for (const [source, list] of bySource) {
    const counted = files.find((f) => f.source === source);
    out.push({
      entity,
      source,
      rejected: counted?.rejected ?? list.length,
      examples: list.slice(0, maxExamples).map((r) => ({
        ...(r.line !== undefined ? { line: r.line } : {}),
        index: r.index,
        reasons: r.issues.map(formatIssue),
      })),
    });
  }
  return out;
}

/** Rejected rows of a loaded dataset per file that had any (products, merchants, events, topics), `maxExamples` each. */
export function summariseRejected(loaded: Pick<LoadedMarketplace, 'rejected' | 'counts'>, maxExamples = 5): RejectedSummary[] {
  return [
    ...summarise('products', loaded.rejected.products, loaded.counts, maxExamples),
    ...summarise('merchants', loaded.rejected.merchants, loaded.counts, maxExamples),
    ...summarise('events', loaded.rejected.events, loaded.counts, maxExamples),
    ...summarise('topics', loaded.rejected.topics, loaded.counts, maxExamples),
  ];
}

/**
 * Summarises a loaded dataset: sizes (through buildDataset, events of unknown products skipped and
 * counted), sparsity, events per type, merchant concentration of stored interactions, time range
 * and rejected rows (`maxExamples` per file).
 */
export function inspectDataset(loaded: LoadedMarketplace, maxExamples = 5): DatasetInspection {
  const { data } = loaded;
  // Event types are user-supplied names: a Map, never a plain object's keys.
  const typeWeights = new Map<string, number>();
  const assumed: string[] = [];
  for (const e of data.events) {
    if (e.weight === undefined && !DEFAULT_TYPE_WEIGHTS.has(e.type) && !typeWeights.has(e.type)) {
      typeWeights.set(e.type, 1);
      assumed.push(e.type);
    }
  }
  const base = createEventWeighting({ halfLifeDays: null });
  const weighting = { ...base, typeWeights: new Map([...base.typeWeights, ...typeWeights]) };
  const dataset = buildDataset(data, { unknownProducts: 'skip', weighting });
  const m = dataset.interactions;
  const interactions = m.indptr[m.rows] ?? 0;
  const cells = dataset.users.size * dataset.products.size;

  const perType = new Float64Array(dataset.events.types.length);
  let first = Infinity;
  let last = -Infinity;
  for (let e = 0; e < dataset.events.length; e++) {
    perType[dataset.events.type[e]!]!++;
    const t = dataset.events.time[e]!;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const eventsPerType = dataset.events.types
    .map((type, i) => ({ type, count: perType[i]! }))
    .sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));

  const perMerchant = new Float64Array(dataset.merchants.size);
  for (let k = 0; k < interactions; k++) perMerchant[dataset.productMerchant[m.indices[k]!]!]!++;
  const sorted = Float64Array.from(perMerchant).sort().reverse();
  let top = 0;
  for (let j = 0; j < Math.min(10, sorted.length); j++) top += sorted[j]!;

  const rejected = summariseRejected(loaded, maxExamples);
  return {
    format: loaded.format,
    counts: {
      users: dataset.users.size,
      products: dataset.products.size,
      merchants: dataset.merchants.size,
      events: dataset.stats.events,
      topics: data.topics.length,
      interactions,
    },
    skippedUnknownProduct: dataset.stats.skippedUnknownProduct,
    sparsity: cells > 0 ? 1 - interactions / cells : null,
    eventsPerType,
    assumedWeightTypes: assumed,
    merchantConcentration: { top10Share: interactions > 0 ? top / interactions : 0, gini: gini(perMerchant) },
    timeRange:
      dataset.events.length > 0 && loaded.adapter?.timestamps !== 'none' ? { first: new Date(first).toISOString(), last: new Date(last).toISOString() } : null,
    files: loaded.counts,
    rejected,
    warnings: dataWarnings(dataset),
    ...(loaded.adapter !== undefined ? { adapter: loaded.adapter } : {}),
  };
}
