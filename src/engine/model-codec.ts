/**
 * The model file codec: a pure encoder and decoder between a {@link RecommenderState} and the
 * JSON or binary file (layout in docs/model-file.md). No recommender code runs here.
 */
import * as z from 'zod/mini';
import { fromBase64, toBase64 } from '../_internal/base64.js';
import { crc32, crc32Hex } from '../_internal/crc32.js';
import { safeParseEnglish } from '../_internal/zod-english.js';
import type { DatasetAfterFit } from '../dataset/dataset-parts.js';
import type { EventLog } from '../dataset/event-log.js';
import { EventWeightingSchema } from '../dataset/event-weighting.js';
import { FormatError } from '../errors.js';
import { LedgerSnapshotSchema } from '../fairness/ledger-snapshot.js';
import { MerchantSchema, ProductSchema, TopicSchema } from '../schema/entities.js';
import { checkCatalogueRecords } from '../schema/marketplace-data.js';
import type { SignalState, StateArray } from '../signals/signal.js';
import type { RecommenderConfig } from './config.js';
import { migrateModelBody, MODEL_VERSION, versionProblem } from './model-migrations.js';
import { datasetPartsProblem, historyProblem, type RecommenderState } from './state.js';
import type { UserHistory } from './user-history.js';

/** Identifies a goods-find-people model file. */
export const MODEL_FORMAT = 'goods-find-people/recommender';

const MAGIC = [0x47, 0x46, 0x50, 0x4d]; // "GFPM"

type Dtype = 'f32' | 'f64' | 'i32' | 'u8';

/** A typed array in a model file: element type, length, and base64 bytes (JSON) or a blob index (binary). */
interface ArrayRef {
  readonly dtype: Dtype;
  readonly length: number;
  readonly data: string | number;
}

const DTYPE_BYTES: Readonly<Record<Dtype, number>> = { f32: 4, f64: 8, i32: 4, u8: 1 };

function dtypeOf(a: StateArray): Dtype {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  return 'u8';
}

const ArrayRefSchema = z.strictObject({ dtype: z.enum(['f32', 'f64', 'i32', 'u8']), length: z.number().check(z.int(), z.minimum(0), z.maximum(2 ** 31 - 1)), data: z.union([z.string(), z.number().check(z.int(), z.minimum(0))]) });
const HistorySchema = z.strictObject({ items: ArrayRefSchema, weights: ArrayRefSchema, seen: ArrayRefSchema });

/** zod schema of the current body layout (everything but the checksum). */
const ModelBodySchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  config: z.record(z.string(), z.unknown()),
  dataset: z.strictObject({
    users: z.array(z.string()),
    products: z.array(ProductSchema),
    merchants: z.array(MerchantSchema),
    topics: z.array(TopicSchema),
    weighting: EventWeightingSchema,
    referenceTime: z.number(),
    skippedUnknownProduct: z.number().check(z.int(), z.minimum(0)),
    duplicateProducts: z.number().check(z.int(), z.minimum(0)),
    interactions: z.strictObject({ rows: z.number().check(z.int(), z.minimum(0)), cols: z.number().check(z.int(), z.minimum(0)), indptr: ArrayRefSchema, indices: ArrayRefSchema, values: ArrayRefSchema }),
    events: z.strictObject({ types: z.array(z.string()), user: ArrayRefSchema, product: ArrayRefSchema, time: ArrayRefSchema, weight: ArrayRefSchema, type: ArrayRefSchema }),
    afterFit: z.nullable(z.strictObject({ removed: ArrayRefSchema, observedProducts: ArrayRefSchema, observedMass: ArrayRefSchema, observedUsers: ArrayRefSchema })),
  }),
  signals: z.array(z.strictObject({ name: z.nullable(z.string()), type: z.string(), state: z.nullable(z.array(z.tuple([z.string(), ArrayRefSchema]))) })),
  ledger: LedgerSnapshotSchema,
  ledgerOrigin: z.enum(['memory', 'shared']),
  observed: z.array(z.tuple([z.string(), HistorySchema])),
});

type ModelBody = z.output<typeof ModelBodySchema>;

/** Collects typed arrays either inline (base64) or as numbered blobs. */
class ArrayWriter {
  readonly blobs: Uint8Array[] = [];
  constructor(readonly inline: boolean) {}
  ref(a: StateArray): ArrayRef {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    if (this.inline) return { dtype: dtypeOf(a), length: a.length, data: toBase64(bytes) };
    this.blobs.push(bytes);
    return { dtype: dtypeOf(a), length: a.length, data: this.blobs.length - 1 };
  }
}

/** Resolves array refs against base64 text or blobs, checking element type and byte length. */
class ArrayReader {
  constructor(readonly blobs: readonly Uint8Array[] | undefined) {}
  get(ref: ArrayRef, where: string): StateArray {
    let bytes: Uint8Array;
    if (typeof ref.data === 'string') {
      if (this.blobs !== undefined) throw new FormatError(`model file: ${where} is inline base64 in a binary file`);
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
    if (bytes.length !== ref.length * DTYPE_BYTES[ref.dtype]) {
      throw new FormatError(`model file: ${where} holds ${bytes.length} bytes, expected ${ref.length * DTYPE_BYTES[ref.dtype]} (truncated or corrupt)`);
    }
    const buf = bytes.slice().buffer; // an aligned copy to view
    if (ref.dtype === 'f32') return new Float32Array(buf);
    if (ref.dtype === 'f64') return new Float64Array(buf);
    if (ref.dtype === 'i32') return new Int32Array(buf);
    return new Uint8Array(buf);
  }
  typed<T extends StateArray>(ref: ArrayRef, where: string, ctor: new (n: number) => T): T {
    const a = this.get(ref, where);
    if (!(a instanceof ctor)) throw new FormatError(`model file: ${where} has element type ${ref.dtype}, expected ${ctor.name}`);
    return a as T;
  }
}

function afterFitRefs(a: DatasetAfterFit | null, w: ArrayWriter): ModelBody['dataset']['afterFit'] {
  if (a === null) return null;
  return { removed: w.ref(a.removed), observedProducts: w.ref(a.observedProducts), observedMass: w.ref(a.observedMass), observedUsers: w.ref(a.observedUsers) };
}

function bodyOf(state: RecommenderState, w: ArrayWriter): ModelBody {
  const d = state.dataset;
  checkCatalogueRecords(d, 'model file');
  const ev = d.events;
  const m = d.interactions;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    config: state.config as unknown as Record<string, unknown>,
    dataset: {
      users: [...d.users],
      products: [...d.products],
      merchants: [...d.merchants],
      topics: [...d.topics],
      weighting: d.weighting,
      referenceTime: d.referenceTime,
      skippedUnknownProduct: d.skippedUnknownProduct,
      duplicateProducts: d.duplicateProducts,
      interactions: { rows: m.rows, cols: m.cols, indptr: w.ref(m.indptr), indices: w.ref(m.indices), values: w.ref(m.values) },
      events: { types: [...ev.types], user: w.ref(ev.user), product: w.ref(ev.product), time: w.ref(ev.time), weight: w.ref(ev.weight), type: w.ref(ev.type) },
      afterFit: afterFitRefs(d.afterFit ?? null, w),
    },
    signals: state.signals.map((s) => ({ name: s.name, type: s.type, state: s.state === null ? null : [...s.state].map(([k, a]) => [k, w.ref(a)] as [string, ArrayRef]) })),
    ledger: state.ledger as ModelBody['ledger'],
    ledgerOrigin: state.ledgerOrigin ?? 'memory',
    observed: state.observed.map(([id, h]) => [id, { items: w.ref(h.items), weights: w.ref(h.weights), seen: w.ref(h.seen) }] as [string, z.output<typeof HistorySchema>]),
  };
}

/** A JSON model file as plain data: the body and a CRC-32 of its JSON text. */
export interface ModelFileJson {
  /** `crc32:` and eight hex digits, over `JSON.stringify(body)`. */
  readonly checksum: string;
  readonly body: unknown;
}

/** Encodes a state as a JSON model file object (arrays as base64 little-endian bytes). */
export function encodeModelJson(state: RecommenderState): ModelFileJson {
  const body = bodyOf(state, new ArrayWriter(true));
  return { checksum: `crc32:${crc32Hex(JSON.stringify(body))}`, body };
}

/** Encodes a state as JSON model file text. */
export function encodeModelText(state: RecommenderState): string {
  const text = JSON.stringify(bodyOf(state, new ArrayWriter(true)));
  return `{"checksum":"crc32:${crc32Hex(text)}","body":${text}}`;
}

/**
 * Encodes a state as a binary model file: "GFPM", version (u32 LE), header length (u32 LE), the
 * JSON header, then each array's bytes as a blob (f64 LE byte length, the bytes; every blob
 * starting 8-byte aligned), and a CRC-32 (u32 LE) of everything before it.
 */
export function encodeModelBinary(state: RecommenderState): Uint8Array {
  const w = new ArrayWriter(false);
  const header = new TextEncoder().encode(JSON.stringify(bodyOf(state, w)));
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
    view.setFloat64(offsets[i]!, b.length, true);
    out.set(b, offsets[i]! + 8);
  });
  view.setUint32(size, crc32(out.subarray(0, size)), true);
  return out;
}

/**
 * Decodes a model file (JSON text, its parsed object, or binary bytes) into a state: checks the
 * frame and checksum, migrates older versions, validates the layout, every array's type and
 * length, and the dataset's and histories' structure.
 * @throws FormatError naming what is wrong.
 */
export function decodeModel(file: string | Uint8Array | ModelFileJson): RecommenderState {
  if (file instanceof Uint8Array) return decodeBinary(file);
  let outer: unknown = file;
  if (typeof file === 'string') {
    try {
      outer = JSON.parse(file);
    } catch (error) {
      throw new FormatError(`model file: not valid JSON (${(error as Error).message}); truncated?`);
    }
  }
  if (typeof outer !== 'object' || outer === null) throw new FormatError('model file: not a goods-find-people model (expected { checksum, body })');
  const o = outer as { checksum?: unknown; body?: unknown };
  if (typeof o.checksum !== 'string' || o.body === undefined) throw new FormatError('model file: not a goods-find-people model (no checksum/body)');
  const version = typeof o.body === 'object' && o.body !== null ? (o.body as { version?: unknown }).version : undefined;
  const problem = versionProblem(version);
  if (problem !== undefined) throw new FormatError(`model file: ${problem}`);
  const got = `crc32:${crc32Hex(JSON.stringify(o.body))}`;
  if (o.checksum !== got) throw new FormatError(`model file: checksum mismatch (file says ${o.checksum}, content is ${got}): corrupt`);
  return stateOf(o.body, undefined);
}

function decodeBinary(bytes: Uint8Array): RecommenderState {
  if (bytes.length < 4 || MAGIC.some((m, i) => bytes[i] !== m)) throw new FormatError('model file: not a binary goods-find-people model (bad magic)');
  if (bytes.length < 16) throw new FormatError(`model file: ${bytes.length} bytes, shorter than the 16-byte frame: truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frameVersion = view.getUint32(4, true);
  const problem = versionProblem(frameVersion);
  if (problem !== undefined) throw new FormatError(`model file: ${problem}`);
  const end = bytes.length - 4;
  if (view.getUint32(end, true) !== crc32(bytes.subarray(0, end))) throw new FormatError('model file: checksum mismatch: corrupt or truncated');
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > end) throw new FormatError('model file: header runs past the end: truncated');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    throw new FormatError('model file: header is not valid JSON');
  }
  if (typeof header === 'object' && header !== null && (header as { version?: unknown }).version !== frameVersion) {
    throw new FormatError(`model file: the frame says version ${frameVersion} but the header says ${JSON.stringify((header as { version?: unknown }).version)}`);
  }
  const blobs: Uint8Array[] = [];
  let at = (12 + headerLength + 7) & ~7;
  while (at + 8 <= end) {
    const len = view.getFloat64(at, true);
    if (!Number.isInteger(len) || len < 0 || at + 8 + len > end) throw new FormatError('model file: blob runs past the end: truncated');
    blobs.push(bytes.subarray(at + 8, at + 8 + len));
    at = (at + 8 + len + 7) & ~7;
  }
  return stateOf(header, blobs);
}

function stateOf(raw: unknown, blobs: readonly Uint8Array[] | undefined): RecommenderState {
  const parsed = safeParseEnglish(ModelBodySchema, migrateModelBody(raw));
  if (!parsed.success) {
    const iss = parsed.error.issues[0];
    throw new FormatError(`model file: ${iss?.path.map(String).join('.') ?? ''}: ${iss?.message ?? 'invalid'}`);
  }
  const b = parsed.data;
  const r = new ArrayReader(blobs);
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
  const dataset = {
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
    afterFit:
      d.afterFit === null
        ? null
        : {
            removed: r.typed(d.afterFit.removed, 'dataset.afterFit.removed', Int32Array),
            observedProducts: r.typed(d.afterFit.observedProducts, 'dataset.afterFit.observedProducts', Int32Array),
            observedMass: r.typed(d.afterFit.observedMass, 'dataset.afterFit.observedMass', Float64Array),
            observedUsers: r.typed(d.afterFit.observedUsers, 'dataset.afterFit.observedUsers', Int32Array),
          },
  };
  const problem = datasetPartsProblem(dataset);
  if (problem !== undefined) throw new FormatError(`model file: ${problem}`);
  const signals = b.signals.map((s, i) => ({
    name: s.name,
    type: s.type,
    state: s.state === null ? null : (new Map(s.state.map(([k, ref]) => [k, r.get(ref, `signals.${i}.${k}`)])) as SignalState),
  }));
  const observedIds = new Set<string>();
  const observed = b.observed.map(([id, h]): readonly [string, UserHistory] => {
    if (observedIds.has(id)) throw new FormatError(`model file: observed user ${JSON.stringify(id)} is listed twice`);
    observedIds.add(id);
    const history: UserHistory = {
      items: r.typed(h.items, `observed.${id}.items`, Int32Array),
      weights: r.typed(h.weights, `observed.${id}.weights`, Float32Array),
      seen: r.typed(h.seen, `observed.${id}.seen`, Int32Array),
    };
    const bad = historyProblem(history, d.products.length);
    if (bad !== undefined) throw new FormatError(`model file: observed user ${JSON.stringify(id)}: ${bad}`);
    return [id, history];
  });
  return { config: b.config as unknown as RecommenderConfig, dataset, signals, ledger: b.ledger, ledgerOrigin: b.ledgerOrigin, observed };
}
