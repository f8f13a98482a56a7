/**
 * Model files across versions and against structural corruption: files written by the version-1
 * build load and serve the slates that build served, and a body that passes its checksum but
 * does not fit together is refused with a FormatError naming the part (never a RangeError, never
 * a silent load).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc32Hex } from '../../src/_internal/crc32.js';
import { loadRecommender, MODEL_VERSION, recommenderToJSON } from '../../src/engine/model-file.js';
import { createRecommender, type Recommender } from '../../src/engine/recommender.js';
import { FormatError } from '../../src/errors.js';
import { bulkRatersShop } from '../_catalogues/bulk-raters.js';
import { fitRivalTopicShop, KIT_ID, KIT_TOPIC_TEXT } from '../_catalogues/rival-topic.js';

const dir = new URL('../../fixtures/model-files/', import.meta.url);
const USERS = ['g0-user0', 'g1-user2', 'g2-user4', 'newcomer', 'stranger'];

/** The base64 arrays of a JSON model file's signal states, by signal index and key. */
function savedArrays(json: string): Map<string, string> {
  const body = (JSON.parse(json) as { body: { signals: Array<{ state: Array<[string, { data: string }]> | null }> } }).body;
  const out = new Map<string, string>();
  body.signals.forEach((s, i) => s.state?.forEach(([k, ref]) => out.set(`${i}.${k}`, ref.data)));
  return out;
}

/** Signal state keys files of this build hold that version-1 and version-2 files do not (content is signal 2, trending 3). */
const NEW_STATE_KEYS = ['2.idf', '2.terms', '3.matchOffsets', '3.matchProducts', '3.matchScale', '3.matchText', '3.matchValues'];

/**
 * Saves a recommender loaded from an older file again: the fitted arrays (iALS factors, item-kNN
 * neighbours) are the old file's byte for byte (trending's topics are re-encoded: heat kept, one
 * entry per timestamp), the new file adds content's term space and trending's matches, is of
 * this build's version and, reloaded, serves the same slates.
 */
function expectResaved(rec: Recommender, oldJson: string): string {
  const again = recommenderToJSON(rec);
  const before = savedArrays(oldJson);
  const after = savedArrays(again);
  expect([...after.keys()].filter((k) => !before.has(k)).sort()).toEqual(NEW_STATE_KEYS);
  for (const [key, data] of before) if (!key.endsWith('.topics')) expect(after.get(key), key).toBe(data);
  expect((JSON.parse(again) as { body: { version: number } }).body.version).toBe(MODEL_VERSION);
  const now = rec.dataset.referenceTime + 3_600_000;
  const reloaded = loadRecommender(again);
  for (const user of USERS) {
    const slate = rec.recommend(user, { n: 6, now, record: false });
    expect(slate.items.length, user).toBe(6);
    for (const item of slate.items) expect(Number.isFinite(item.score)).toBe(true);
    expect(reloaded.recommend(user, { n: 6, now, record: false })).toEqual(slate);
  }
  return again;
}

/** The JSON and binary forms of a fixture model file. */
function forms(name: string): Array<readonly [string, string | Uint8Array]> {
  return [
    ['JSON', readFileSync(new URL(`${name}.json`, dir), 'utf8')],
    ['binary', new Uint8Array(readFileSync(new URL(`${name}.gfpm`, dir)))],
  ];
}

describe('version-1 model files (written by the build before signal instance names)', () => {
  const v1Json = readFileSync(new URL('v1-blocks.json', dir), 'utf8');
  for (const [form, file] of forms('v1-blocks')) {
    it(`${form}: loads with its fitted state intact, names its signals from the config, and gets the version-1 blend`, () => {
      const rec = loadRecommender(file);
      expect(rec.slots.map((s) => `${s.name}:${s.signal.type}`)).toEqual(['ials:ials', 'item-knn:item-knn', 'content:content', 'trending:trending', 'popularity:popularity']);
      expect([...rec.observedHistories()].map(([id]) => id)).toEqual(['newcomer']);
      // The blend it was saved with had mean-rank ties, no evidence prior and no boost stage.
      expect(rec.config.blend).toEqual({ ties: 'mean-rank', prior: { weight: 0, value: 0 } });
      expect(rec.config.boost.weight).toBe(0);
      expect(rec.config.fairness.rerank.popularityDamping).toBe(0);
      expectResaved(rec, v1Json);
    });
  }
});

describe('model files saved before the fairness lift was damped (version 8)', () => {
  it('serve undamped: the same version-1 file with damping on serves other slates once its ledger lifts', () => {
    const json = readFileSync(new URL('v1-blocks.json', dir), 'utf8');
    const body = (JSON.parse(json) as { body: { config: { fairness: { rerank: Record<string, unknown> } } } }).body;
    Object.assign(body.config.fairness.rerank, { popularityDamping: 1, popularityDampingScope: 'outside-slate' });
    const text = JSON.stringify(body);
    const damped = loadRecommender(`{"checksum":"crc32:${crc32Hex(text)}","body":${text}}`);
    const plain = loadRecommender(json);
    expect(plain.config.fairness.rerank.popularityDamping).toBe(0);
    // The same recorded traffic on both: every user's slate of 8, four rounds an hour apart.
    const slates = (rec: Recommender): string[] => {
      const now = rec.dataset.referenceTime + 3_600_000;
      return [0, 1, 2, 3].flatMap((round) => rec.dataset.users.ids().map((u) => rec.recommend(u, { n: 8, now: now + round * 3_600_000 }).items.map((i) => i.productId).join()));
    };
    const a = slates(plain);
    const b = slates(damped);
    expect(a.filter((s, i) => s !== b[i]).length).toBeGreaterThan(0);
  });
});

describe('version-2 model files (written by the build before the online catalogue)', () => {
  const v2Json = readFileSync(new URL('v2-blocks.json', dir), 'utf8');
  for (const [form, file] of forms('v2-blocks')) {
    it(`${form}: loads with no change after fit, its fitted state intact, and saves as version ${MODEL_VERSION}`, () => {
      const rec = loadRecommender(file);
      expect(rec.slots.map((s) => s.name)).toEqual(['ials', 'item-knn', 'content', 'trending', 'popularity']);
      expect([...rec.observedHistories()].map(([id]) => id)).toEqual(['newcomer']);
      // Version 2 had no online catalogue: every product was fitted, none removed, nothing observed per product.
      const ds = rec.dataset;
      expect([ds.products.size, ds.interactions.cols]).toEqual([15, 15]);
      expect(Array.from(ds.live)).toEqual(new Array(15).fill(1));
      expect(Array.from(ds.observed.mass)).toEqual(new Array(15).fill(0));
      expect(rec.ledger.snapshot().totals.merchants).toBe(3);
      // Written before the slate-relative floor (the key came with it, within version 2): the
      // absolute floor and no exploration it served with.
      expect(rec.config.fairness.rerank).toMatchObject({ floorReference: 'absolute', exploration: { share: 0 }, popularityDamping: 0 });
      const again = expectResaved(rec, v2Json);
      expect((JSON.parse(again) as { body: { dataset: { afterFit: unknown } } }).body.dataset.afterFit).toBeNull();
    });
  }
});

describe('version-3 model files (written by the build before the item-burst chance test)', () => {
  // fixtures/model-files/v3-bulk-raters.json: the shop of tests/_catalogues/bulk-raters.ts fitted
  // by that build (commit 5f366ae) with the default blend, and the slates it served at fit time.
  const json = readFileSync(new URL('v3-bulk-raters.json', dir), 'utf8');
  const served = JSON.parse(readFileSync(new URL('v3-bulk-raters.slates.json', dir), 'utf8')) as Record<string, Array<[string, number]>>;
  const now = Date.UTC(2026, 5, 1);
  const slateOf = (rec: Recommender, user: string) => rec.recommend(user, { n: 8, now, record: false }).items.map((i) => [i.productId, i.score]);

  it('loads without the chance test, serves the slates it served when saved, and saves as this version', () => {
    const rec = loadRecommender(json);
    const trending = rec.config.signals.find((s) => s.type === 'trending');
    expect(trending).toMatchObject({ itemSignificance: null });
    // Written before the fairness lift was damped on popular products (version 8) and before
    // exploration's threshold rose to 20: it keeps the reranker it served with.
    expect(rec.config.fairness.rerank).toMatchObject({ popularityDamping: 0, popularityDampingScope: 'all', exploration: { share: 0, untilExposure: 5 } });
    for (const user of Object.keys(served)) expect(slateOf(rec, user), user).toEqual(served[user]);
    const again = recommenderToJSON(rec);
    expect((JSON.parse(again) as { body: { version: number } }).body.version).toBe(MODEL_VERSION);
    const reloaded = loadRecommender(again);
    for (const user of Object.keys(served)) expect(slateOf(reloaded, user), user).toEqual(served[user]);
  });

  it('a model fitted by this build on the same shop does not lift what the heavy raters clicked', () => {
    // The saved slates put products the 6 heavy users clicked on the last day above 1 (the blend
    // is at most 1: their own bursts are boosted); with the chance test only `hot` is.
    const boosted = (slate: Array<[string, number]>) => slate.filter(([, score]) => score > 1).map(([id]) => id);
    expect(boosted(served['r1']!).length).toBeGreaterThan(1);
    const rec = loadRecommender(json);
    const fresh = createRecommender({ ...rec.config, signals: rec.config.signals.map((s) => (s.type === 'trending' ? { type: 'trending', weight: 0 } : s)) });
    fresh.fit(bulkRatersShop(now));
    for (const user of ['r1', 'r7', 'stranger']) expect(boosted(slateOf(fresh, user) as Array<[string, number]>), user).toEqual(['hot']);
  });
});

describe('version-4 model files (written by the build before request topics lead)', () => {
  // fixtures/model-files/v4-rival-topic.json: the shop of tests/_catalogues/rival-topic.ts fitted by
  // that build (commit d64efca) with the default config, and the slates it served with the Zibo
  // topic given in the request (the tents' fitted burst kept the kit out of them).
  const json = readFileSync(new URL('v4-rival-topic.json', dir), 'utf8');
  const served = JSON.parse(readFileSync(new URL('v4-rival-topic.slates.json', dir), 'utf8')) as Record<string, Array<[string, number]>>;
  const now = Date.UTC(2026, 5, 1, 12);
  const topics = [{ id: 'zibo', text: KIT_TOPIC_TEXT['zh-hans'] }];
  const slateOf = (rec: Recommender, user: string) => rec.recommend(user, { n: 8, now, record: false, topics }).items.map((i) => [i.productId, i.score]);

  it("loads with requestTopics 'add', serves the slates it served when saved, and saves as this version", () => {
    const rec = loadRecommender(json);
    expect(rec.config.signals.find((s) => s.type === 'trending')).toMatchObject({ requestTopics: 'add' });
    for (const user of Object.keys(served)) expect(slateOf(rec, user), user).toEqual(served[user]);
    expect(served['camper-3']!.some(([id]) => id === KIT_ID)).toBe(false);
    const again = recommenderToJSON(rec);
    expect((JSON.parse(again) as { body: { version: number } }).body.version).toBe(MODEL_VERSION);
    const reloaded = loadRecommender(again);
    for (const user of Object.keys(served)) expect(slateOf(reloaded, user), user).toEqual(served[user]);
  });

  it('the same file with the current rule (requestTopics lead) puts the kit first for the campers', () => {
    const rec = loadRecommender(json);
    const lead = fitRivalTopicShop({ ...rec.config, signals: rec.config.signals.map((s) => (s.type === 'trending' ? { ...s, requestTopics: 'lead' as const } : s)) }, now);
    for (const user of ['camper-0', 'camper-3', 'camper-17']) expect(slateOf(lead, user)[0]![0], user).toBe(KIT_ID);
  });
});

describe('version-6 model files (written by the build before item bursts were judged against the shop)', () => {
  // fixtures/model-files/v6-sale-day.json: the sale-day shop of tests/_catalogues/sale-day.ts (with
  // its surging product; timestamps rounded to the ms) fitted by that build (commit b89451b) with
  // ials, item-knn, content, trending and popularity at weight 1 and fairness not recording; 30
  // views by new users observed after the fit; the slates it served an hour after T0 (n 10).
  const json = readFileSync(new URL('v6-sale-day.json', dir), 'utf8');
  const served = JSON.parse(readFileSync(new URL('v6-sale-day.slates.json', dir), 'utf8')) as Record<string, Array<[string, number]>>;
  const now = Date.UTC(2026, 5, 1) + 3_600_000;
  const slateOf = (rec: Recommender, user: string) => rec.recommend(user, { n: 10, now, record: false }).items.map((i) => [i.productId, i.score]);

  it('loads with itemRelative false and percentile ranks, serves the slates it served, and saves as this version', () => {
    const rec = loadRecommender(json);
    expect(rec.config.signals.find((s) => s.type === 'trending')).toMatchObject({ itemRelative: false });
    expect(rec.config.normalisation).toBe('percentile');
    expect(Object.keys(served)).toHaveLength(6);
    for (const user of Object.keys(served)) expect(slateOf(rec, user), user).toEqual(served[user]);
    const again = recommenderToJSON(rec);
    expect((JSON.parse(again) as { body: { version: number } }).body.version).toBe(MODEL_VERSION);
    const reloaded = loadRecommender(again);
    for (const user of Object.keys(served)) expect(slateOf(reloaded, user), user).toEqual(served[user]);
  });
});

type Body = Record<string, unknown> & {
  dataset: Record<string, unknown> & { interactions: Record<string, unknown>; events: Record<string, unknown>; users: string[]; products: Array<Record<string, unknown>>; merchants: Array<Record<string, unknown>> };
  signals: Array<{ name: string | null; type: string; state: Array<[string, { dtype: string; length: number; data: string }]> | null }>;
  observed: Array<[string, Record<string, { dtype: string; length: number; data: string }>]>;
};

/** Base64 of the little-endian bytes of a typed array. */
const b64 = (a: Int32Array | Float32Array | Float64Array | Uint8Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

describe('a well-signed body with a wrong structure', () => {
  const rec = createRecommender({ signals: [{ type: 'ials', factors: 4, iterations: 3 }, { type: 'item-knn' }, { type: 'popularity', weight: 0.1 }] });
  rec.fit(JSON.parse(readFileSync(new URL('../../fixtures/known-answer/blocks.json', import.meta.url), 'utf8')));
  rec.observe([{ userId: 'new', productId: 'g0-item0', type: 'click', timestamp: '2026-01-02T00:00:00Z' }]);
  const json = recommenderToJSON(rec);
  const resigned = (edit: (b: Body) => void): string => {
    const body = (JSON.parse(json) as { body: Body }).body;
    edit(body);
    const text = JSON.stringify(body);
    return `{"checksum":"crc32:${crc32Hex(text)}","body":${text}}`;
  };
  const afterFit = (b: Body): Record<string, { dtype: string; length: number; data: string }> => b.dataset['afterFit'] as Record<string, { dtype: string; length: number; data: string }>;
  const ref = (b: Body, at: 'indptr' | 'indices' | 'values'): { dtype: string; length: number; data: string } =>
    b.dataset.interactions[at] as { dtype: string; length: number; data: string };
  const cases: Array<[string, (b: Body) => void, RegExp]> = [
    ['a duplicate user id', (b) => (b.dataset.users[1] = b.dataset.users[0]!), /dataset\.users: ids are not unique/],
    ['a duplicate product id', (b) => (b.dataset.products[1]!['id'] = b.dataset.products[0]!['id']), /dataset\.products: ids are not unique/],
    ['a product of an unknown merchant', (b) => (b.dataset.products[0]!['merchantId'] = 'nobody'), /names merchant "nobody"/],
    ['interactions of the wrong shape', (b) => (b.dataset.interactions['rows'] = 3), /dataset\.interactions is 3 x 15/],
    ['an interaction column out of range', (b) => Object.assign(ref(b, 'indices'), { data: b64(Int32Array.from({ length: ref(b, 'indices').length }, () => 99)) }), /column 99, outside 0\.\.14/],
    ['decreasing row pointers', (b) => {
      const indptr = new Int32Array(Uint8Array.from(Buffer.from(ref(b, 'indptr').data, 'base64')).buffer);
      indptr[2] = 1; // row 1 would run from indptr[1] (> 1) back to 1
      ref(b, 'indptr').data = b64(indptr);
    }, /dataset\.interactions: indptr decreases at row 1/],
    ['a NaN interaction weight', (b) => Object.assign(ref(b, 'values'), { data: b64(new Float32Array(ref(b, 'values').length).fill(Number.NaN)) }), /holds NaN/],
    ['event arrays of different lengths', (b) => Object.assign(b.dataset.events['time'] as object, { length: 1, data: b64(Float64Array.of(0)) }), /dataset\.events\.time has 1 entries/],
    ['an event user out of range', (b) => {
      const user = b.dataset.events['user'] as { length: number; data: string };
      user.data = b64(new Int32Array(user.length).fill(999));
    }, /dataset\.events\.user\[0\] = 999/],
    ['an event type code without a type', (b) => {
      const type = b.dataset.events['type'] as { length: number; data: string };
      type.data = b64(new Uint8Array(type.length).fill(200));
    }, /dataset\.events\.type\[0\] = 200/],
    ['iALS factors of the wrong size', (b) => {
      const x = b.signals[0]!.state![0]![1];
      x.length = 4;
      x.data = b64(new Float32Array(4));
    }, /signals\.0 \(ials\): factor arrays do not match/],
    ['item-kNN neighbours out of range', (b) => {
      const indices = b.signals[1]!.state!.find(([k]) => k === 'indices')![1];
      indices.data = b64(new Int32Array(indices.length).fill(-5));
    }, /signals\.1 \(item-knn\): item-knn state: the neighbour matrix is malformed: row \d+ has column -5/],
    ['an observed history outside the catalogue', (b) => {
      const h = b.observed[0]![1];
      h['items']!.data = b64(Int32Array.of(1000));
    }, /observed user "new": items\[0\] = 1000/],
    ['an observed user listed twice', (b) => b.observed.push(b.observed[0]!), /observed user "new" is listed twice/],
    ['interactions wider than the catalogue', (b) => (b.dataset.interactions['cols'] = 16), /dataset\.interactions is 15 x 16, expected 15 users x at most 15 products/],
    ['an observed interaction mass that is NaN', (b) => Object.assign(afterFit(b)['observedMass']!, { data: b64(Float64Array.of(Number.NaN)) }), /dataset\.afterFit\.observedMass\[0\] = NaN/],
    ['observed products out of range', (b) => Object.assign(afterFit(b)['observedProducts']!, { data: b64(Int32Array.of(15)) }), /dataset\.afterFit\.observedProducts\[0\] = 15, outside 0\.\.14/],
    ['a removed product out of range', (b) => Object.assign(afterFit(b)['removed']!, { length: 1, data: b64(Int32Array.of(-1)) }), /dataset\.afterFit\.removed\[0\] = -1/],
    ['an after-fit key of the wrong element type', (b) => Object.assign(afterFit(b)['removed']!, { dtype: 'f32', length: 0, data: '' }), /dataset\.afterFit\.removed has element type f32/],
    ['a config that is not a config', (b) => ((b as Record<string, unknown>)['config'] = { signals: 'ials' }), /model file: config: /],
    ['one signal too many', (b) => b.signals.push({ ...b.signals[2]! }), /4 signal states for 3 configured signals/],
  ];
  for (const [what, edit, message] of cases) {
    it(`refuses ${what}`, () => {
      let error: unknown;
      try {
        loadRecommender(resigned(edit));
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(FormatError);
      expect((error as Error).message).toMatch(message);
    });
  }
});
