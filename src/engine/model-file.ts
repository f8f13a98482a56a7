import { z } from 'zod';
import { fromBase64, toBase64 } from '../_internal/base64.js';
import { crc32, crc32Hex } from '../_internal/crc32.js';
import { datasetFromParts, datasetToParts } from '../dataset/dataset-parts.js';
import type { EventLog } from '../dataset/event-log.js';
import { EventWeightingSchema } from '../dataset/event-weighting.js';
import { FormatError } from '../errors.js';
import { LedgerSnapshotSchema, type LedgerSnapshot } from '../fairness/ledger-snapshot.js';
import { MerchantSchema, ProductSchema, TopicSchema } from '../schema/entities.js';
import type { SignalState, StateArray } from '../signals/signal.js';
import { createRecommender, type Recommender } from './recommender.js';
import type { UserHistory } from './user-history.js';

/** Identifies a goods-find-people model file. */
export const MODEL_FORMAT = 'goods-find-people/recommender';
/** Version of the model file layout this build reads and writes. */
export const MODEL_VERSION = 1;

const MAGIC = [0x47, 0x46, 0x50, 0x4d]; // "GFPM"

type Dtype = 'f32' | 'f64' | 'i32' | 'u8';

/** A typed array in a model file: its element type and, in JSON, its little-endian bytes as base64. */
interface ArrayRef {
  readonly dtype: Dtype;
  readonly length: number;
  /** base64 bytes (JSON form) or the index of the blob (binary form). */
  readonly data: string | number;
}

function dtypeOf(a: StateArray): Dtype {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  return 'u8';
}

function bytesOf(a: StateArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function arrayFrom(dtype: Dtype, bytes: Uint8Array, length: number, where: string): StateArray {
  const size = dtype === 'f64' ? 8 : dtype === 'u8' ? 1 : 4;
  if (bytes.length !== length * size) {
    throw new FormatError(`model file: ${where} holds ${bytes.length} bytes, expected ${length * size} (truncated or corrupt)`);
  }
  // Copy into an aligned buffer before viewing.
  const buf = bytes.slice().buffer;
  if (dtype === 'f32') return new Float32Array(buf);
  if (dtype === 'f64') return new Float64Array(buf);
  if (dtype === 'i32') return new Int32Array(buf);
  return new Uint8Array(buf);
}

const ArrayRefSchema = z.object({
  dtype: z.enum(['f32', 'f64', 'i32', 'u8']),
  length: z.number().int().min(0),
  data: z.union([z.string(), z.number().int().min(0)]),
});

const HistorySchema = z.object({ items: ArrayRefSchema, weights: ArrayRefSchema, seen: ArrayRefSchema });

/** zod schema of the model file's body (everything but the checksum). */
const ModelBodySchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.number().int(),
  config: z.unknown(),
  dataset: z.object({
    users: z.array(z.string()),
    products: z.array(ProductSchema),
    merchants: z.array(MerchantSchema),
    topics: z.array(TopicSchema),
    weighting: EventWeightingSchema,
    referenceTime: z.number(),
    skippedUnknownProduct: z.number().int().min(0),
    duplicateProducts: z.number().int().min(0),
    interactions: z.object({ rows: z.number().int(), cols: z.number().int(), indptr: ArrayRefSchema, indices: ArrayRefSchema, values: ArrayRefSchema }),
    events: z.object({
      types: z.array(z.string()),
      user: ArrayRefSchema,
      product: ArrayRefSchema,
      time: ArrayRefSchema,
      weight: ArrayRefSchema,
      type: ArrayRefSchema,
    }),
  }),
  signals: z.array(z.object({ name: z.string(), state: z.array(z.tuple([z.string(), ArrayRefSchema])).nullable() })),
  ledger: LedgerSnapshotSchema,
  observed: z.array(z.tuple([z.string(), HistorySchema])),
});

type ModelBody = z.output<typeof ModelBodySchema>;
/** The body as written (the ledger snapshot is deeply readonly). */
type ModelBodyOut = Omit<ModelBody, 'ledger'> & { ledger: LedgerSnapshot };

/** Collects typed arrays either inline (base64) or as numbered blobs. */
class ArrayWriter {
  readonly blobs: Uint8Array[] = [];
  constructor(readonly inline: boolean) {}
  ref(a: StateArray): ArrayRef {
    const bytes = bytesOf(a);
    if (this.inline) return { dtype: dtypeOf(a), length: a.length, data: toBase64(bytes) };
    this.blobs.push(bytes);
    return { dtype: dtypeOf(a), length: a.length, data: this.blobs.length - 1 };
  }
}

/** Resolves array refs of a parsed body against base64 or blobs. */
class ArrayReader {
  constructor(readonly blobs: readonly Uint8Array[] | undefined) {}
  get(ref: ArrayRef, where: string): StateArray {
    let bytes: Uint8Array;
    if (typeof ref.data === 'string') {
      try {
        bytes = fromBase64(ref.data);
      } catch (error) {
        throw new FormatError(`model file: ${where}: ${(error as Error).message}`);
      }
    } else {
      const blob = this.blobs?.[ref.data];
      if (blob === undefined) throw new FormatError(`model file: ${where} names blob ${ref.data}, which is missing`);
      bytes = blob;
    }
    return arrayFrom(ref.dtype, bytes, ref.length, where);
  }
  typed<T extends StateArray>(ref: ArrayRef, where: string, ctor: new (n: number) => T): T {
    const a = this.get(ref, where);
    if (!(a instanceof ctor)) throw new FormatError(`model file: ${where} has the wrong element type ${ref.dtype}`);
    return a as T;
  }
}

function body(rec: Recommender, w: ArrayWriter): ModelBodyOut {
  const parts = datasetToParts(rec.dataset);
  const ev = parts.events;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    config: rec.config,
    dataset: {
      users: [...parts.users],
      products: [...parts.products],
      merchants: [...parts.merchants],
      topics: [...parts.topics],
      weighting: parts.weighting,
      referenceTime: parts.referenceTime,
      skippedUnknownProduct: parts.skippedUnknownProduct,
      duplicateProducts: parts.duplicateProducts,
      interactions: {
        rows: parts.interactions.rows,
        cols: parts.interactions.cols,
        indptr: w.ref(parts.interactions.indptr),
        indices: w.ref(parts.interactions.indices),
        values: w.ref(parts.interactions.values),
      },
      events: {
        types: [...ev.types],
        user: w.ref(ev.user),
        product: w.ref(ev.product),
        time: w.ref(ev.time),
        weight: w.ref(ev.weight),
        type: w.ref(ev.type),
      },
    },
    signals: rec.signals.map((s) => ({
      name: s.name,
      state: s.exportState === undefined ? null : [...s.exportState()].map(([k, a]) => [k, w.ref(a)] as [string, ArrayRef]),
    })),
    ledger: rec.ledger.snapshot(rec.ledger.clock > -Infinity ? rec.ledger.clock : rec.dataset.referenceTime),
    observed: [...rec.observedHistories()].map(
      ([id, h]) => [id, { items: w.ref(h.items), weights: w.ref(h.weights), seen: w.ref(h.seen) }] as [string, z.output<typeof HistorySchema>],
    ),
  };
}

/** A JSON model file parsed into plain data (what `Recommender.toJSON()` returns). */
export interface ModelFileJson {
  /** `crc32:` and eight hex digits, over the canonical JSON text of `body`. */
  readonly checksum: string;
  readonly body: unknown;
}

/**
 * Serialises a fitted recommender as JSON text: config, dataset, fitted signal state (base64
 * little-endian arrays), exposure ledger and observed users, with a format version and a CRC-32
 * checksum. {@link loadRecommender} reproduces its recommendations exactly.
 */
export function recommenderToJSON(rec: Recommender): string {
  const text = JSON.stringify(body(rec, new ArrayWriter(true)));
  return `{"checksum":"crc32:${crc32Hex(text)}","body":${text}}`;
}

/**
 * Serialises a fitted recommender in the compact binary form: "GFPM", version (u32), header
 * length (u32), the JSON header, the arrays' raw little-endian bytes (8-byte aligned), and a
 * CRC-32 (u32) of everything before it.
 */
export function recommenderToBinary(rec: Recommender): Uint8Array {
  const w = new ArrayWriter(false);
  const header = new TextEncoder().encode(JSON.stringify(body(rec, w)));
  const align = (n: number): number => (n + 7) & ~7;
  let size = align(12 + header.length);
  const offsets: number[] = [];
  for (const b of w.blobs) {
    offsets.push(size);
    size = align(size + 8 + b.length);
  }
  const out = new Uint8Array(size + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, MODEL_VERSION, true);
  view.setUint32(8, header.length, true);
  out.set(header, 12);
  w.blobs.forEach((b, i) => {
    const at = offsets[i]!;
    view.setFloat64(at, b.length, true);
    out.set(b, at + 8);
  });
  view.setUint32(size, crc32(out.subarray(0, size)), true);
  return out;
}

function parseBody(json: unknown, blobs: readonly Uint8Array[] | undefined): { body: ModelBody; reader: ArrayReader } {
  if (typeof json === 'object' && json !== null && 'version' in json && (json as { version: unknown }).version !== MODEL_VERSION) {
    throw new FormatError(
      `model file: version ${String((json as { version: unknown }).version)} is not supported (this build reads version ${MODEL_VERSION})`,
    );
  }
  const parsed = ModelBodySchema.safeParse(json);
  if (!parsed.success) {
    const iss = parsed.error.issues[0];
    throw new FormatError(`model file: ${iss?.path.map(String).join('.') ?? ''}: ${iss?.message ?? 'invalid'}`);
  }
  return { body: parsed.data, reader: new ArrayReader(blobs) };
}

/**
 * The stored config with the defaults of the build that wrote it: a file holds the fully parsed
 * config, so a key missing from it is one that build did not have. Files from before the merit
 * prior and `meritExclude` get `meritPrior: 0` and `meritExclude: []` (pure merit, popularity
 * counted), so a loaded model serves the slates it served when saved. Other input is returned as is.
 */
function withEarlierDefaults(config: unknown): unknown {
  if (typeof config !== 'object' || config === null || !('fairness' in config)) return config;
  const fairness = (config as { fairness: unknown }).fairness;
  if (typeof fairness !== 'object' || fairness === null) return config;
  const rerank = (fairness as { rerank?: unknown }).rerank;
  const keptRerank =
    typeof rerank === 'object' && rerank !== null && !('meritPrior' in rerank) ? { ...rerank, meritPrior: 0 } : rerank;
  const meritExclude = 'meritExclude' in fairness ? (fairness as { meritExclude: unknown }).meritExclude : [];
  return { ...config, fairness: { ...fairness, rerank: keptRerank, meritExclude } };
}

function rebuild(b: ModelBody, r: ArrayReader): Recommender {
  const rec = createRecommender(withEarlierDefaults(b.config) as Parameters<typeof createRecommender>[0]);
  const d = b.dataset;
  const events: EventLog = {
    length: d.events.user.length,
    types: d.events.types,
    user: r.typed(d.events.user, 'dataset.events.user', Int32Array),
    product: r.typed(d.events.product, 'dataset.events.product', Int32Array),
    time: r.typed(d.events.time, 'dataset.events.time', Float64Array),
    weight: r.typed(d.events.weight, 'dataset.events.weight', Float32Array),
    type: r.typed(d.events.type, 'dataset.events.type', Uint8Array),
  };
  const dataset = datasetFromParts({
    users: d.users,
    products: d.products,
    merchants: d.merchants,
    topics: d.topics,
    weighting: d.weighting,
    referenceTime: d.referenceTime,
    skippedUnknownProduct: d.skippedUnknownProduct,
    duplicateProducts: d.duplicateProducts,
    interactions: {
      rows: d.interactions.rows,
      cols: d.interactions.cols,
      indptr: r.typed(d.interactions.indptr, 'dataset.interactions.indptr', Int32Array),
      indices: r.typed(d.interactions.indices, 'dataset.interactions.indices', Int32Array),
      values: r.typed(d.interactions.values, 'dataset.interactions.values', Float32Array),
    },
    events,
  });
  if (b.signals.length !== rec.signals.length) {
    throw new FormatError(`model file: ${b.signals.length} signal states for ${rec.signals.length} configured signals`);
  }
  rec.signals.forEach((s, i) => {
    const saved = b.signals[i]!;
    if (saved.name !== s.name) throw new FormatError(`model file: signal ${i} is ${saved.name}, the config says ${s.name}`);
    if (saved.state !== null && s.importState !== undefined) {
      const state: SignalState = new Map(saved.state.map(([k, ref]) => [k, r.get(ref, `signals.${i}.${k}`)]));
      s.importState(state, dataset);
    } else {
      s.fit(dataset);
    }
  });
  rec._restore(dataset);
  rec.ledger.restore(b.ledger);
  for (const [id, h] of b.observed) {
    const history: UserHistory = {
      items: r.typed(h.items, `observed.${id}.items`, Int32Array),
      weights: r.typed(h.weights, `observed.${id}.weights`, Float32Array),
      seen: r.typed(h.seen, `observed.${id}.seen`, Int32Array),
    };
    rec._restoreObserved(id, history);
  }
  return rec;
}

/**
 * Loads a recommender saved by {@link recommenderToJSON} (text), `Recommender.toJSON()` (parsed
 * data) or {@link recommenderToBinary} (bytes). A corrupt, truncated or version-mismatched file is refused with a FormatError.
 */
export function loadRecommender(file: string | Uint8Array | ModelFileJson): Recommender {
  if (!(file instanceof Uint8Array)) {
    let outer: unknown = file;
    if (typeof file === 'string') {
      try {
        outer = JSON.parse(file);
      } catch (error) {
        throw new FormatError(`model file: not valid JSON (${(error as Error).message}); truncated?`);
      }
    }
    const o = outer as { checksum?: unknown; body?: unknown };
    if (typeof o !== 'object' || o === null || typeof o.checksum !== 'string' || o.body === undefined) {
      throw new FormatError('model file: not a goods-find-people model (no checksum/body)');
    }
    const text = JSON.stringify(o.body);
    const want = o.checksum;
    const got = `crc32:${crc32Hex(text)}`;
    if (typeof o.body === 'object' && o.body !== null && (o.body as { version?: unknown }).version !== MODEL_VERSION) {
      parseBody(o.body, undefined); // throws the version error
    }
    if (want !== got) throw new FormatError(`model file: checksum mismatch (file says ${want}, content is ${got}): corrupt`);
    const { body: b, reader } = parseBody(o.body, undefined);
    return rebuild(b, reader);
  }
  const bytes = file;
  if (MAGIC.some((m, i) => bytes[i] !== m)) throw new FormatError('model file: not a binary goods-find-people model (bad magic)');
  if (bytes.length < 16) throw new FormatError(`model file: ${bytes.length} bytes, shorter than the 16-byte frame: truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MODEL_VERSION) {
    throw new FormatError(`model file: version ${version} is not supported (this build reads version ${MODEL_VERSION})`);
  }
  const end = bytes.length - 4;
  const want = view.getUint32(end, true);
  const got = crc32(bytes.subarray(0, end));
  if (want !== got) throw new FormatError('model file: checksum mismatch: corrupt or truncated');
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > end) throw new FormatError('model file: header runs past the end: truncated');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    throw new FormatError('model file: header is not valid JSON');
  }
  const blobs: Uint8Array[] = [];
  let at = (12 + headerLength + 7) & ~7;
  while (at + 8 <= end) {
    const len = view.getFloat64(at, true);
    if (!Number.isInteger(len) || len < 0 || at + 8 + len > end) throw new FormatError('model file: blob runs past the end: truncated');
    blobs.push(bytes.subarray(at + 8, at + 8 + len));
    at = (at + 8 + len + 7) & ~7;
  }
  const { body: b, reader } = parseBody(header, blobs);
  return rebuild(b, reader);
}
