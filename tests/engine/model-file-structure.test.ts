/**
 * Regression test of fuzz finding 11 of issue 15: model files whose checksum was recomputed after
 * the body was changed (so the checksum is valid) but whose structure is wrong loaded silently
 * (8 of 16 fuzzed files) or threw a RangeError (3 of 16). Each corruption below must be refused
 * with a FormatError naming the part, before any slate is served.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/_internal/base64.js';
import { crc32Hex } from '../../src/_internal/crc32.js';
import { loadRecommender, recommenderToJSON } from '../../src/engine/model-file.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { FormatError } from '../../src/errors.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';

/** A body as JSON data (the test edits it freely). */
type Body = {
  dataset: {
    users: string[];
    products: Array<{ merchantId: string }>;
    referenceTime: number;
    interactions: { rows: number; cols: number; indptr: ArrayRef; indices: ArrayRef; values: ArrayRef };
    events: Record<'user' | 'product' | 'time' | 'weight' | 'type', ArrayRef>;
    afterFit: unknown;
  };
  signals: Array<{ type: string; state: Array<[string, ArrayRef]> | null }>;
  observed: Array<[string, Record<string, ArrayRef>]>;
  config: Record<string, unknown>;
};
interface ArrayRef {
  dtype: string;
  length: number;
  data: string;
}
type TypedCtor = Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor;

let json: string;

beforeAll(async () => {
  const data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
  const rec = createRecommender({ signals: [{ type: 'ials', factors: 8, iterations: 2 }, { type: 'item-knn' }, { type: 'content' }] }).fitRecords(data);
  const now = rec.dataset.referenceTime;
  rec.recommend(data.events[0]!.userId, { n: 10, now });
  rec.observe([{ userId: 'newcomer', productId: data.products[3]!.id, type: 'cart', timestamp: now }]);
  json = recommenderToJSON(rec);
});

/** The model file with its body changed by `edit` and the checksum recomputed. */
function resigned(edit: (body: Body) => void): string {
  const outer = JSON.parse(json) as { body: Body };
  edit(outer.body);
  const text = JSON.stringify(outer.body);
  return `{"checksum":"crc32:${crc32Hex(text)}","body":${text}}`;
}

/** Changes the values of a base64 array in place (its length unchanged). */
function editArray(ref: ArrayRef, Ctor: TypedCtor, change: (a: Int32Array | Float32Array | Float64Array | Uint8Array) => void): void {
  const bytes = fromBase64(ref.data);
  const a = new Ctor(Uint8Array.from(bytes).buffer);
  change(a);
  ref.data = toBase64(new Uint8Array(a.buffer));
}

const int32Ref = (values: number[]): ArrayRef => ({ dtype: 'i32', length: values.length, data: toBase64(new Uint8Array(Int32Array.from(values).buffer)) });

const CASES: Array<[string, (b: Body) => void, RegExp]> = [
  ['an iALS state without a factor array', (b) => (b.signals[0]!.state = b.signals[0]!.state!.slice(1)), /signals\.0 \(ials\): ials state needs float32 userFactors and itemFactors/],
  ['iALS factors of the wrong length', (b) => {
    const ref = b.signals[0]!.state![0]![1];
    ref.data = toBase64(fromBase64(ref.data).subarray(0, 8));
    ref.length = 2;
  }, /signals\.0 \(ials\): factor arrays do not match \d+ users, \d+ items and 8 factors/],
  ['iALS factors stored as int32', (b) => (b.signals[0]!.state![0]![1].dtype = 'i32'), /signals\.0 \(ials\): ials state needs float32/],
  ['an item-kNN state with its arrays swapped', (b) => {
    const s = b.signals[1]!.state!;
    s[0]![1] = s[s.length - 1]![1];
  }, /signals\.1 \(item-knn\): item-knn state needs int32 indptr/],
  ['one interaction row too many', (b) => (b.dataset.interactions.rows += 1), /dataset\.interactions is \d+ x \d+, expected \d+ users x at most \d+ products/],
  ['one interaction column too many', (b) => (b.dataset.interactions.cols += 1), /dataset\.interactions is \d+ x \d+, expected/],
  ['a column index out of range', (b) => editArray(b.dataset.interactions.indices, Int32Array, (a) => (a[0] = 1e6)), /dataset\.interactions: row 0 has column 1000000, outside 0\.\.\d+/],
  ['a negative column index', (b) => editArray(b.dataset.interactions.indices, Int32Array, (a) => (a[1] = -5)), /has column -5, outside/],
  ['row pointers out of order', (b) => editArray(b.dataset.interactions.indptr, Int32Array, (a) => (a[1] = a[2]! + 5)), /dataset\.interactions: /],
  ['a NaN interaction value', (b) => editArray(b.dataset.interactions.values, Float32Array, (a) => (a[0] = Number.NaN)), /dataset\.interactions: row 0 column \d+ holds NaN/],
  ['an event of an unknown user', (b) => editArray(b.dataset.events.user, Int32Array, (a) => (a[0] = 1e7)), /dataset\.events\.user\[0\] = 10000000, outside/],
  ['an event of an unknown product', (b) => editArray(b.dataset.events.product, Int32Array, (a) => (a[0] = -1)), /dataset\.events\.product\[0\] = -1, outside/],
  ['an event of an unknown type', (b) => editArray(b.dataset.events.type, Uint8Array, (a) => (a[0] = 200)), /dataset\.events\.type\[0\] = 200, but there are \d+ types/],
  ['an infinite event weight', (b) => editArray(b.dataset.events.weight, Float32Array, (a) => (a[0] = Infinity)), /dataset\.events\[0\] has a non-finite time or weight/],
  ['a user id twice', (b) => (b.dataset.users[1] = b.dataset.users[0]!), /dataset\.users: ids are not unique/],
  ['a product id twice', (b) => (b.dataset.products[1] = b.dataset.products[0]!), /dataset\.products: ids are not unique/],
  ['a product of an unknown merchant', (b) => (b.dataset.products[0]!.merchantId = 'nobody'), /dataset\.products: ".*" names merchant "nobody", which is not in dataset\.merchants/],
  ['a reference time outside the range of a date', (b) => (b.dataset.referenceTime = 1e308), /dataset\.referenceTime is 1e\+308, outside the range of a date/],
  ['a removed product out of range', (b) => {
    b.dataset.afterFit = { removed: int32Ref([1e6]), observedProducts: int32Ref([]), observedMass: { dtype: 'f64', length: 0, data: '' }, observedUsers: int32Ref([]) };
  }, /dataset\.afterFit\.removed\[0\] = 1000000, outside/],
  ['an observed history naming an unknown product', (b) => editArray(b.observed[0]![1]['items']!, Int32Array, (a) => (a[0] = 1e6)), /observed user "newcomer": items\[0\] = 1000000, outside/],
  ['an observed history with fewer weights than items', (b) => {
    const w = b.observed[0]![1]['weights']!;
    w.data = '';
    w.length = 0;
  }, /observed user "newcomer": 1 items but 0 weights/],
  ['fewer signal states than configured signals', (b) => b.signals.pop(), /3 signal states for 4 configured signals|2 signal states for 3 configured signals/],
  ['a config the recommender refuses', (b) => (b.config['signals'] = [{ type: 'ials', factors: 0 }]), /config: signals\.0: ials config: factors: Too small/],
];

describe('finding 11: a re-signed model file with a wrong structure is refused, never loaded or a RangeError', () => {
  it.each(CASES)('%s', (_label, edit, message) => {
    let error: unknown;
    try {
      loadRecommender(resigned(edit));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(/^model file: /);
    expect((error as FormatError).message).toMatch(message);
  });

  it('(control) the untouched file, re-signed the same way, loads', () => {
    expect(() => loadRecommender(resigned(() => undefined))).not.toThrow();
  });
});
