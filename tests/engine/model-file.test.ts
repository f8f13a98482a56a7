/**
 * Model files: the JSON and binary forms reproduce a fitted recommender exactly (slates, ledger,
 * observed users, signal state), and a flipped byte, a truncated file, a wrong version or a file
 * of another format is refused with a FormatError whose message says which.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crc32, crc32Hex } from '../../src/_internal/crc32.js';
import { loadRecommender, MODEL_FORMAT, MODEL_VERSION, recommenderToBinary, recommenderToJSON } from '../../src/engine/model-file.js';
import { createRecommender, type Recommender, type RecommendOptions } from '../../src/engine/recommender.js';
import { FormatError } from '../../src/errors.js';
import type { PopularitySignal } from '../../src/signals/popularity.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

const SIGNALS = [
  { type: 'ials', factors: 8, iterations: 5 },
  { type: 'item-knn' },
  { type: 'ease', regularization: 50, weight: 0.5 },
  { type: 'popularity', weight: 0.1 },
];

let data: MarketplaceData;
let users: string[];

beforeAll(async () => {
  data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
  users = [...new Set(data.events.map((e) => e.userId))];
});

/** A fitted recommender with some history: served slates in the ledger and observed users. */
function used(): Recommender {
  const rec = createRecommender({ signals: SIGNALS, fairness: { rerank: { lambda: 0.2 } } }).fitRecords(data);
  const now = rec.dataset.referenceTime;
  for (const u of users.slice(0, 25)) rec.recommend(u, { n: 10, now });
  rec.observe([
    { userId: 'newcomer', productId: data.products[3]!.id, type: 'cart', timestamp: now },
    { userId: 'newcomer', productId: data.products[40]!.id, type: 'view', timestamp: now },
    { userId: users[0]!, productId: data.products[7]!.id, type: 'purchase', timestamp: now },
  ]);
  return rec;
}

/** The same sequence of requests on each recommender gives identical slates (the ledger records each). */
function expectSameSlates(recs: readonly Recommender[]): void {
  const [a, ...others] = recs;
  const now = a!.dataset.referenceTime + 3_600_000;
  const requests: Array<[string, RecommendOptions]> = [
    [users[0]!, { n: 20, now }],
    ['newcomer', { n: 20, now }],
    ['stranger', { n: 15, now }],
    [users[100]!, { n: 5, now, exclude: [data.products[0]!.id] }],
    ...users.slice(200, 230).map((u): [string, RecommendOptions] => [u, { n: 10, now }]),
  ];
  for (const [user, options] of requests) {
    const expected = a!.recommend(user, options);
    for (const b of others) expect(b.recommend(user, options), user).toEqual(expected);
  }
  const similar = a!.similarItems(data.products[5]!.id, { n: 8 });
  for (const b of others) {
    expect(b.similarItems(data.products[5]!.id, { n: 8 })).toEqual(similar);
    expect(b.ledger.snapshot(now)).toEqual(a!.ledger.snapshot(now));
  }
}

/** Runs `fn` and returns the FormatError it throws (fails when it does not throw one). */
function formatError(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).code).toBe('FORMAT');
    return error as FormatError;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

/** A JSON model file re-signed after `edit` changed its body (a valid checksum on a wrong body). */
function resigned(json: string, edit: (body: Record<string, unknown>) => void): string {
  const outer = JSON.parse(json) as { body: Record<string, unknown> };
  edit(outer.body);
  const text = JSON.stringify(outer.body);
  return `{"checksum":"crc32:${crc32Hex(text)}","body":${text}}`;
}

describe('model files written before a config key existed', () => {
  it('load with that build\'s behaviour: no merit prior, popularity counted as merit (and current files keep theirs)', () => {
    const rec = used();
    expect(rec.config.fairness.rerank.meritPrior).toBe(2);
    // A file of the build before meritPrior and meritExclude: the keys absent from its config.
    // A version-1 file (signals named by their type) of the build before those keys existed.
    const earlier = resigned(recommenderToJSON(rec), (body) => {
      body.version = 1;
      body.signals = (body.signals as Array<{ type: string; state: unknown }>).map((s) => ({ name: s.type, state: s.state }));
      const fairness = (body.config as { fairness: Record<string, unknown> }).fairness;
      delete (fairness.rerank as Record<string, unknown>).meritPrior;
      delete fairness.meritExclude;
    });
    const old = loadRecommender(earlier);
    expect(old.config.fairness.rerank.meritPrior).toBe(0);
    expect(old.config.fairness.meritExclude).toEqual([]);
    expect(old.config.fairness.rerank.lambda).toBe(0.2);
    const current = loadRecommender(recommenderToJSON(rec));
    expect(current.config.fairness.rerank.meritPrior).toBe(2);
    expect(current.config.fairness.meritExclude).toEqual(['popularity']);
    // Pure merit lifts differently: the same requests give other slates than the current defaults.
    const now = rec.dataset.referenceTime + 3_600_000;
    const slates = (r: Recommender): string[][] => users.slice(200, 230).map((u) => r.recommend(u, { n: 10, now }).items.map((i) => i.productId));
    expect(slates(old)).not.toEqual(slates(current));
  });
});

describe('model file round trip', () => {
  it('JSON and binary: the loaded recommenders write the identical file and serve identical slates', () => {
    const rec = used();
    const json = recommenderToJSON(rec);
    const bin = recommenderToBinary(rec);
    const fromJson = loadRecommender(json);
    const fromBin = loadRecommender(bin);
    // (JSON encoding is the slow step, so the identity is checked once per form and once across.)
    expect(recommenderToJSON(fromJson)).toBe(json);
    expect(Buffer.from(recommenderToBinary(fromBin)).equals(Buffer.from(bin))).toBe(true);
    expect(Buffer.from(recommenderToBinary(fromJson)).equals(Buffer.from(bin))).toBe(true);
    expect(fromJson.config).toEqual(rec.config);
    expect([...fromBin.observedHistories()].map(([id]) => id).sort()).toEqual(['newcomer', users[0]!].sort());
    expect(bin.length).toBeLessThan(json.length);
    const text = JSON.parse(json) as { body: { format: string; version: number } };
    expect(text.body.format).toBe(MODEL_FORMAT);
    expect(text.body.version).toBe(MODEL_VERSION);
    expect(Array.from(bin.subarray(0, 4), (b) => String.fromCharCode(b)).join('')).toBe('GFPM');
    expectSameSlates([rec, fromJson, fromBin]);
    // A loaded model keeps learning: a user observed after loading is served from its first event.
    for (const r of [fromJson, fromBin]) {
      r.observe([{ userId: 'later', productId: data.products[9]!.id, type: 'purchase', timestamp: r.dataset.referenceTime }]);
      const slate = r.recommend('later', { n: 10 });
      expect(slate.items.length).toBe(10);
      expect(slate.trace.coldStart).toBe(false);
      expect(slate.items.map((i) => i.productId)).not.toContain(data.products[9]!.id);
    }
  });

  it("popularity with its own 'auto' half-life is refitted on load to the same masses and slates", () => {
    const config = { signals: [{ type: 'popularity', halfLifeDays: 'auto', recentShare: 0.2 }, { type: 'item-knn' }] } as const;
    const rec = createRecommender(config).fitRecords(data);
    const loaded = loadRecommender(recommenderToJSON(rec));
    const pop = (r: Recommender): PopularitySignal => r.signals[0] as PopularitySignal;
    expect(typeof pop(rec).halfLifeDays).toBe('number');
    expect(pop(loaded).halfLifeDays).toBe(pop(rec).halfLifeDays);
    expect(Array.from(pop(loaded).mass)).toEqual(Array.from(pop(rec).mass));
    // Its own decay changes the masses (the matrix's half-life is the median age, this one shorter).
    const interest = createRecommender({ signals: [{ type: 'popularity' }] }).fitRecords(data);
    expect(Array.from(pop(rec).mass)).not.toEqual(Array.from(pop(interest).mass));
    expectSameSlates([rec, loaded]);
  });

  it('rec.toJSON() is the JSON model file as data: JSON.stringify(rec) and the parsed object both load', () => {
    const rec = createRecommender({ signals: SIGNALS.slice(0, 2) }).fitRecords(data);
    const asData = rec.toJSON();
    expect(asData.checksum).toMatch(/^crc32:[0-9a-f]{8}$/);
    expect(JSON.stringify(rec)).toBe(recommenderToJSON(rec));
    expect(recommenderToJSON(loadRecommender(JSON.stringify(rec)))).toBe(recommenderToJSON(rec));
    expect(recommenderToJSON(loadRecommender(asData))).toBe(recommenderToJSON(rec));
    expect(() => createRecommender().toJSON()).toThrow('recommender');
  });
});

describe('model file refusals', () => {
  let json: string;
  let bin: Uint8Array;
  beforeAll(() => {
    const rec = createRecommender({ signals: SIGNALS.slice(0, 2) }).fitRecords(data);
    json = recommenderToJSON(rec);
    bin = recommenderToBinary(rec);
  });

  it('JSON: a changed character anywhere in the body is a checksum mismatch', () => {
    // A letter of a base64 array, and a digit of a number.
    const at = json.indexOf('"data":"') + 20;
    const flipped = json.slice(0, at) + (json[at] === 'A' ? 'B' : 'A') + json.slice(at + 1);
    expect(formatError(() => loadRecommender(flipped)).message).toMatch(/^model file: checksum mismatch \(file says crc32:[0-9a-f]{8}, content is crc32:[0-9a-f]{8}\): corrupt$/);
    const ref = json.indexOf('"referenceTime":') + 20;
    const digit = json.slice(0, ref) + (json[ref] === '1' ? '2' : '1') + json.slice(ref + 1);
    expect(formatError(() => loadRecommender(digit)).message).toMatch(/checksum mismatch/);
  });

  it('JSON: a truncated file is refused as not valid JSON, truncated', () => {
    for (const cut of [10, json.length >> 1, json.length - 1]) {
      expect(formatError(() => loadRecommender(json.slice(0, cut))).message).toMatch(/^model file: not valid JSON \(.*\); truncated\?$/);
    }
  });

  it('JSON: a version this build cannot read is refused naming the versions it reads (checked before the checksum)', () => {
    const next = json.replace(`"version":${MODEL_VERSION},`, `"version":${MODEL_VERSION + 1},`);
    expect(next).not.toBe(json);
    expect(formatError(() => loadRecommender(next)).message).toBe(
      `model file: version ${MODEL_VERSION + 1} is newer than this build reads (1 to ${MODEL_VERSION}); upgrade goods-find-people`,
    );
    expect(formatError(() => loadRecommender(resigned(json, (b) => (b.version = 0)))).message).toBe(`model file: version 0 is older than this build reads (1 to ${MODEL_VERSION})`);
    // A version that is not a number says so, instead of "version 1 is not supported (this build reads version 1)".
    expect(formatError(() => loadRecommender(resigned(json, (b) => (b.version = '1')))).message).toBe('model file: version must be an integer, got "1"');
  });

  it('JSON: another format is refused', () => {
    expect(formatError(() => loadRecommender('{"hello":"world"}')).message).toBe('model file: not a goods-find-people model (no checksum/body)');
    expect(formatError(() => loadRecommender('[1,2,3]')).message).toMatch(/not a goods-find-people model/);
    expect(formatError(() => loadRecommender('null')).message).toMatch(/not a goods-find-people model/);
    const other = resigned(json, (b) => (b.format = 'someone-else/model'));
    expect(formatError(() => loadRecommender(other)).message).toMatch(/^model file: format: /);
  });

  it('JSON: a well-signed body that does not fit together is refused', () => {
    const retyped = resigned(json, (b) => ((b.signals as Array<{ type: string }>)[0]!.type = 'ease'));
    expect(formatError(() => loadRecommender(retyped)).message).toBe('model file: signal 0 is of type ease, the config says ials');
    const renamed = resigned(json, (b) => ((b.signals as Array<{ name: string }>)[0]!.name = 'other'));
    expect(formatError(() => loadRecommender(renamed)).message).toBe('model file: signal 0 is named other, the config says ials');
    const short = resigned(json, (b) => {
      const indptr = ((b.dataset as { interactions: { indptr: { length: number } } }).interactions.indptr);
      indptr.length += 1;
    });
    expect(formatError(() => loadRecommender(short)).message).toMatch(/^model file: dataset\.interactions\.indptr holds \d+ bytes, expected \d+ \(truncated or corrupt\)$/);
    const missing = resigned(json, (b) => delete (b as { ledger?: unknown }).ledger);
    expect(formatError(() => loadRecommender(missing)).message).toMatch(/^model file: ledger: /);
  });

  it('binary: a flipped byte anywhere is a checksum mismatch', () => {
    for (const at of [20, bin.length >> 1, bin.length - 10]) {
      const flipped = bin.slice();
      flipped[at] = flipped[at]! ^ 0x10;
      expect(formatError(() => loadRecommender(flipped)).message).toBe('model file: checksum mismatch: corrupt or truncated');
    }
  });

  it('binary: a truncated file is refused as truncated', () => {
    for (const cut of [bin.length - 1, bin.length >> 1, 100]) {
      expect(formatError(() => loadRecommender(bin.subarray(0, cut))).message).toMatch(/truncated/);
    }
    // Even when cut inside the fixed header, right after the magic.
    for (const cut of [4, 8, 12]) expect(formatError(() => loadRecommender(bin.subarray(0, cut))).message).toMatch(/truncated/);
  });

  it('binary: another version is refused naming both versions', () => {
    const next = bin.slice();
    new DataView(next.buffer).setUint32(4, MODEL_VERSION + 1, true);
    expect(formatError(() => loadRecommender(next)).message).toBe(`model file: version ${MODEL_VERSION + 1} is newer than this build reads (1 to ${MODEL_VERSION}); upgrade goods-find-people`);
  });

  it('binary: another format (bad magic, JSON bytes, empty) is refused', () => {
    const magic = bin.slice();
    magic[0] = 0x50;
    expect(formatError(() => loadRecommender(magic)).message).toBe('model file: not a binary goods-find-people model (bad magic)');
    expect(formatError(() => loadRecommender(new TextEncoder().encode(json))).message).toMatch(/bad magic/);
    expect(formatError(() => loadRecommender(new Uint8Array(0))).message).toMatch(/bad magic/);
  });

  it('binary: a re-signed file whose blob runs past the end is refused as truncated', () => {
    const broken = bin.slice();
    const view = new DataView(broken.buffer);
    const headerLength = view.getUint32(8, true);
    const firstBlob = (12 + headerLength + 7) & ~7;
    view.setFloat64(firstBlob, 1e9, true);
    view.setUint32(broken.length - 4, crc32(broken.subarray(0, broken.length - 4)), true);
    expect(formatError(() => loadRecommender(broken)).message).toBe('model file: blob runs past the end: truncated');
  });
});
