/**
 * Contract every signal must pass (docs/design.md, "Signals"), run by signals.test.ts against every
 * type the registry knows (and by tests that register a type of their own): type and reason,
 * capabilities that match the methods, config round trip, strict config, not-fitted errors, score
 * aligned with the candidates, NaN only where the signal has no opinion (users without history:
 * per capability `coldUsers`), topN (exclude, at most n, best first) on a fixture with varied
 * popularity and a hot topic so that ordering checks can fail for every signal, the block-design
 * known answer of fixtures/known-answer/blocks.json, and the state round trip. Online catalogue:
 * a product added after fit that the signal was not told about has no opinion and changes nothing
 * in a history; a signal with capability `catalogue` has an opinion on a twin of a product it has
 * one on once told (`observeProducts`), keeps its other guarantees on the grown catalogue, and
 * round-trips its state there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Catalogue, type CatalogueDelta } from '../../src/dataset/catalogue.js';
import { buildDataset, type Dataset } from '../../src/dataset/dataset.js';
import { ConfigError, NotFittedError } from '../../src/errors.js';
import { validateMarketplace } from '../../src/schema/marketplace-data.js';
import type { Signal, UserContext } from '../../src/signals/signal.js';

/** Per-type options of the contract. */
export interface SignalContractOptions {
  /** Config used for the fits (small and fast). @default {} */
  readonly config?: Record<string, unknown>;
  /** Skip the known-answer check, with the reason. */
  readonly skipKnownAnswer?: string;
  /**
   * The product the signal must rank first for a user on the varied fixture ({@link variedDataset}:
   * events of a product's type by its position in its group, a hot topic "sapphire denim"), among
   * the products the user has not seen; for signals the block known answer cannot check.
   */
  readonly variedAnswer?: readonly [userId: string, productId: string];
}

/** Event types by a product's position in its group on the varied fixture: distinct masses. */
const VARIED_TYPES = ['view', 'click', 'like', 'cart', 'purchase'] as const;

/**
 * The block fixture with varied evidence: each event's type follows its product's position in
 * the group (view .. purchase, so popularity differs by position), and a topic "sapphire denim"
 * bursting at the reference time (matches g1-item3 best, g1-item2 and g1-item4 in part).
 */
export function variedDataset(): Dataset {
  const raw = blockFixture();
  const events = (raw.events as Array<{ productId: string }>).map((e) => ({ ...e, type: VARIED_TYPES[Number(e.productId.slice(-1))]! }));
  const topics = [
    {
      id: 'sapphire-denim',
      text: 'sapphire denim',
      heat: [
        { timestamp: '2025-12-20T00:00:00Z', count: 10 },
        { timestamp: '2025-12-31T23:00:00Z', count: 900 },
      ],
    },
  ];
  const { data } = validateMarketplace({ ...(raw as object), events, topics } as unknown as Parameters<typeof validateMarketplace>[0]);
  return buildDataset(data, { weighting: { halfLifeDays: null } });
}

interface BlockFixture {
  readonly products: unknown[];
  readonly merchants: unknown[];
  readonly events: unknown[];
  readonly heldOut: Array<[string, string]>;
}

/** The block-design fixture as raw records plus each user's held-out product. */
export function blockFixture(): BlockFixture {
  const url = new URL('../../fixtures/known-answer/blocks.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as BlockFixture;
}

/** The block-design fixture as a dataset (no decay: every event has weight 1). */
export function blockDataset(): Dataset {
  const raw = blockFixture();
  const { data } = validateMarketplace(raw as Parameters<typeof validateMarketplace>[0]);
  return buildDataset(data, { weighting: { halfLifeDays: null } });
}

/** The signals' view of a fitted user (its row of the interaction matrix). */
export function contextOf(ds: Dataset, userId: string): UserContext {
  const u = ds.users.indexOf(userId);
  const m = ds.interactions;
  const s = u < 0 ? 0 : m.indptr[u]!;
  const e = u < 0 ? 0 : m.indptr[u + 1]!;
  return {
    userId,
    user: u,
    items: m.indices.slice(s, e),
    weights: m.values.slice(s, e),
    now: ds.referenceTime,
    topics: [],
  };
}

/** A user nobody has seen, with no history. */
export function strangerContext(ds: Dataset): UserContext {
  return { userId: 'stranger', user: -1, items: new Int32Array(0), weights: new Float32Array(0), now: ds.referenceTime, topics: [] };
}

/**
 * The dataset with a twin of `of` (same text, a new merchant) added after fit as `id`, and
 * optionally a product removed and another retitled: the change a signal receives.
 */
export function withTwin(ds: Dataset, of: string, id: string, more: { remove?: string; retitle?: [string, string] } = {}): CatalogueDelta {
  const source = ds.productRecords[ds.products.indexOf(of)]!;
  const upserts = [{ id, product: { ...source, id, merchantId: 'm-late' } }];
  if (more.remove !== undefined) upserts.push({ id: more.remove, product: null as never });
  if (more.retitle !== undefined) {
    const [pid, title] = more.retitle;
    upserts.push({ id: pid, product: { ...ds.productRecords[ds.products.indexOf(pid)]!, title } });
  }
  return new Catalogue(ds).applyProducts(upserts);
}

function allProducts(ds: Dataset): Int32Array {
  return Int32Array.from({ length: ds.products.size }, (_, i) => i);
}

/**
 * Registers the contract's tests for one signal type. `factory` builds the signal from a config
 * (without `weight`), as SIGNAL_FACTORIES does.
 */
export function runSignalContract(
  name: string,
  factory: (config: Record<string, unknown>) => Signal,
  options: SignalContractOptions = {},
): void {
  const config = options.config ?? {};
  const fitted = (): { signal: Signal; ds: Dataset } => {
    const ds = blockDataset();
    const signal = factory(config);
    signal.fit(ds);
    return { signal, ds };
  };

  describe(`signal contract: ${name}`, () => {
    it('reports its type, a reason, and capabilities that match the methods it has', () => {
      const signal = factory(config);
      expect(signal.type).toBe(name);
      expect(typeof signal.reason).toBe('string');
      expect(signal.reason.length).toBeGreaterThan(0);
      const caps = signal.capabilities;
      for (const flag of ['coldProducts', 'coldUsers', 'baseline', 'foldIn', 'topics', 'similarity', 'explains', 'boosts', 'catalogue', 'interactions'] as const) {
        expect(typeof caps[flag], flag).toBe('boolean');
      }
      expect(caps.similarity, 'similarity <=> similarTo').toBe(typeof signal.similarTo === 'function');
      expect(caps.explains, 'explains <=> describe').toBe(typeof signal.describe === 'function');
      expect(caps.foldIn, 'foldIn <=> observe').toBe(typeof signal.observe === 'function');
      expect(caps.topics, 'topics <=> observeTopics').toBe(typeof signal.observeTopics === 'function');
      expect(caps.boosts, 'boosts <=> boost').toBe(typeof signal.boost === 'function');
      expect(caps.catalogue, 'catalogue <=> observeProducts').toBe(typeof signal.observeProducts === 'function');
      expect(caps.interactions, 'interactions <=> observeInteractions').toBe(typeof signal.observeInteractions === 'function');
    });

    it('round-trips its config through toJSON', () => {
      const signal = factory(config);
      const json = signal.toJSON();
      expect(json.type).toBe(name);
      expect(factory({ ...json }).toJSON()).toEqual(json);
      // The defaults are filled in: the parsed config of {} round-trips too.
      const plain = factory({}).toJSON();
      expect(factory({ ...plain }).toJSON()).toEqual(plain);
    });

    it('refuses an unknown config key with a ConfigError naming it', () => {
      expect(() => factory({ ...config, notAKey: 1 })).toThrow(ConfigError);
      expect(() => factory({ ...config, notAKey: 1 })).toThrow(/notAKey/);
    });

    it('throws NotFittedError from score and topN before fit', () => {
      const signal = factory(config);
      const ds = blockDataset();
      const ctx = contextOf(ds, 'g0-user0');
      expect(signal.fitted).toBe(false);
      expect(() => signal.score(ctx, new Int32Array([0, 1]))).toThrow(NotFittedError);
      expect(() => signal.topN(ctx, 3)).toThrow(NotFittedError);
      signal.fit(ds);
      expect(signal.fitted).toBe(true);
    });

    it('scores aligned with the candidates: a permuted list permutes the output', () => {
      const { signal, ds } = fitted();
      const ctx = contextOf(ds, 'g1-user2');
      const cands = Int32Array.from([14, 3, 7, 0, 11, 5, 9]);
      const perm = [3, 6, 0, 5, 1, 4, 2];
      const permuted = Int32Array.from(perm, (i) => cands[i]!);
      const a = signal.score(ctx, cands);
      const b = signal.score(ctx, permuted);
      expect(a).toBeInstanceOf(Float32Array);
      expect(a.length).toBe(cands.length);
      expect(b.length).toBe(cands.length);
      expect(Array.from(b)).toEqual(perm.map((i) => a[i]!));
      expect(signal.score(ctx, new Int32Array(0)).length).toBe(0);
    });

    it('has an opinion on some product for every user known at fit, none for a user with no history (unless capability coldUsers), never an infinite score', () => {
      const { signal, ds } = fitted();
      const all = allProducts(ds);
      for (const id of ds.users.ids()) {
        const s = signal.score(contextOf(ds, id), all);
        expect(s.some((v) => v === Infinity || v === -Infinity), `infinite score for ${id}`).toBe(false);
        // Topic signals have no opinion while nothing trends (this fixture has no topics: see the varied one).
        if (!signal.capabilities.topics) expect(s.some((v) => !Number.isNaN(v)), `an opinion for ${id}`).toBe(true);
      }
      const stranger = signal.score(strangerContext(ds), all);
      if (!signal.capabilities.coldUsers) {
        expect(stranger.every((v) => Number.isNaN(v))).toBe(true);
        expect(signal.topN(strangerContext(ds), 5).ids.length).toBe(0);
      } else if (!signal.capabilities.topics) {
        expect(stranger.some((v) => Number.isNaN(v))).toBe(false);
      }
    });

    it('topN respects exclude, returns at most n, best first, with the scores of score()', () => {
      const { signal, ds } = fitted();
      const ctx = contextOf(ds, 'g2-user4');
      const excluded = new Set([10, 11, 12, 0]);
      for (const n of [1, 3, 8, 100]) {
        const top = signal.topN(ctx, n, (p) => excluded.has(p));
        expect(top.ids.length).toBeLessThanOrEqual(Math.min(n, ds.products.size - excluded.size));
        expect(top.ids.length).toBe(top.scores.length);
        expect(new Set(top.ids).size).toBe(top.ids.length);
        for (const p of top.ids) expect(excluded.has(p)).toBe(false);
        for (let r = 1; r < top.scores.length; r++) expect(top.scores[r]!).toBeLessThanOrEqual(top.scores[r - 1]!);
        const scored = signal.score(ctx, top.ids);
        top.scores.forEach((s, r) => expect(scored[r]!).toBeCloseTo(s, 5));
      }
      if (!signal.capabilities.topics) expect(signal.topN(ctx, 4).ids.length).toBeGreaterThan(0);
      expect(signal.topN(ctx, 0).ids.length).toBe(0);
    });

    it('on varied evidence: distinct scores, topN best first and equal to score(), ties by product index', () => {
      const ds = variedDataset();
      const signal = factory(config);
      signal.fit(ds);
      const ctx = { ...contextOf(ds, 'g1-user3'), now: Date.parse('2026-01-01T00:00:00Z') };
      const seen = new Set(ctx.items);
      const top = signal.topN(ctx, 15, (p) => seen.has(p));
      expect(top.ids.length, 'an opinion on some unseen product').toBeGreaterThan(0);
      const all = signal.score(ctx, allProducts(ds));
      const distinct = new Set(Array.from(all).filter((v) => !Number.isNaN(v)));
      expect(distinct.size, 'the varied fixture separates products').toBeGreaterThan(1);
      for (let r = 1; r < top.ids.length; r++) {
        const [a, b] = [top.scores[r - 1]!, top.scores[r]!];
        expect(b <= a, `rank ${r + 1} after rank ${r}`).toBe(true);
        if (a === b) expect(top.ids[r]! > top.ids[r - 1]!, 'ties by product index').toBe(true);
      }
      // Every unseen product that scores clearly above the last listed one is listed (score() is
      // float32, topN's scores may be float64: a relative tolerance of 1e-6 separates rounding).
      const last = top.scores[top.scores.length - 1]!;
      for (let p = 0; p < all.length; p++) {
        if (!seen.has(p) && all[p]! > last + 1e-6 * Math.max(1, Math.abs(last))) expect(Array.from(top.ids), `product ${p}`).toContain(p);
      }
      if (options.variedAnswer !== undefined) {
        const [userId, productId] = options.variedAnswer;
        const u = { ...contextOf(ds, userId), now: ctx.now };
        const useen = new Set(u.items);
        const first = signal.topN(u, 1, (p) => useen.has(p));
        expect(ds.products.idAt(first.ids[0]!), `${name} ranks ${productId} first for ${userId}`).toBe(productId);
      }
    });

    it.skipIf(options.skipKnownAnswer !== undefined)(
      `known answer: each user's held-out product ranks first among unseen ones${options.skipKnownAnswer === undefined ? '' : ` (skipped: ${options.skipKnownAnswer})`}`,
      () => {
        const { signal, ds } = fitted();
        for (const [userId, held] of blockFixture().heldOut) {
          const ctx = contextOf(ds, userId);
          const seen = new Set(ctx.items);
          const top = signal.topN(ctx, 1, (p) => seen.has(p));
          expect(top.ids.length, userId).toBe(1);
          expect(ds.products.idAt(top.ids[0]!), userId).toBe(held);
        }
      },
    );

    it('similarTo, when implemented, leaves the product out and ranks best first', () => {
      const { signal, ds } = fitted();
      if (signal.similarTo === undefined) return;
      const sim = signal.similarTo(0, 4);
      expect(sim.ids.length).toBeLessThanOrEqual(4);
      expect(Array.from(sim.ids)).not.toContain(0);
      for (let r = 1; r < sim.scores.length; r++) expect(sim.scores[r]!).toBeLessThanOrEqual(sim.scores[r - 1]!);
      const excl = signal.similarTo(0, 4, (p) => p === 1);
      expect(Array.from(excl.ids)).not.toContain(1);
      expect(signal.similarTo(-1, 4).ids.length).toBe(0);
      expect(signal.similarTo(ds.products.size, 4).ids.length).toBe(0);
    });

    it('has no opinion on a product added after fit it was not told about, never proposes it, and ignores it in a history', () => {
      const { signal, ds } = fitted();
      const P = ds.products.size;
      const grown = withTwin(ds, 'g1-item2', 'late-twin').dataset;
      const everything = allProducts(grown);
      const fittedOnes = allProducts(ds);
      const users = [...ds.users.ids().map((id) => contextOf(ds, id)), strangerContext(ds)];
      for (const ctx of users) {
        const s = signal.score(ctx, everything);
        expect(s[P], `${ctx.userId}: the late product`).toBeNaN();
        expect(Array.from(s.subarray(0, P)), ctx.userId).toEqual(Array.from(signal.score(ctx, fittedOnes)));
        expect(Array.from(signal.topN(ctx, P + 1).ids)).not.toContain(P);
        if (signal.topNIn !== undefined) {
          const member = new Uint8Array(P + 1).fill(1);
          expect(Array.from(signal.topNIn(ctx, P + 1, { ids: everything, member }).ids)).not.toContain(P);
        }
      }
      if (signal.similarTo !== undefined) {
        expect(signal.similarTo(P, 5).ids.length).toBe(0);
        expect(Array.from(signal.similarTo(7, P + 1).ids)).not.toContain(P);
      }
      // A history holding the late product (observed events) scores the fitted products as the same history without it.
      const [j, w] = [7, 2];
      const plain = { ...strangerContext(ds), userId: 'plain', items: Int32Array.of(j), weights: Float32Array.of(w) };
      const holding = { ...plain, userId: 'holding', items: Int32Array.of(j, P), weights: Float32Array.of(w, 3) };
      const only = { ...plain, userId: 'only', items: Int32Array.of(P), weights: Float32Array.of(3) };
      for (const ctx of [plain, holding, only]) signal.observe?.(ctx);
      expect(Array.from(signal.score(holding, fittedOnes))).toEqual(Array.from(signal.score(plain, fittedOnes)));
      const alone = signal.score(only, everything);
      expect(Array.from(alone).some((v) => v === Infinity || v === -Infinity)).toBe(false);
      // A history of late products only is no history to a signal that was not told about them.
      if (!signal.capabilities.coldUsers) expect(Array.from(alone).every((v) => Number.isNaN(v)), 'no opinion from late products only').toBe(true);
    });

    it.skipIf(factory(config).capabilities.catalogue !== true)('capability catalogue: an opinion on a new product at once, its guarantees on the grown catalogue, its state round trip', () => {
      const ds = variedDataset();
      const signal = factory(config);
      signal.fit(ds);
      const P = ds.products.size;
      const now = Date.parse('2026-01-01T00:00:00Z');
      // g1-item3 "blue denim sapphire" has the topic's best match; its twin comes from a new merchant.
      const delta = withTwin(ds, 'g1-item3', 'late-twin', { remove: 'g2-item4', retitle: ['g0-item0', 'sapphire denim jacket'] });
      signal.observeProducts!(delta);
      const grown = delta.dataset;
      const original = ds.products.indexOf('g1-item3');
      const all = allProducts(grown);
      let opinions = 0;
      for (const id of [...grown.users.ids(), 'stranger']) {
        const ctx = { ...(id === 'stranger' ? strangerContext(grown) : contextOf(grown, id)), now };
        const s = signal.score(ctx, all);
        expect(Array.from(s).some((v) => v === Infinity || v === -Infinity), id).toBe(false);
        if (!Number.isNaN(s[original]!)) {
          expect(s[P], `${id}: the twin of a product it has an opinion on`).not.toBeNaN();
          opinions++;
        }
        const seen = new Set(ctx.items);
        const top = signal.topN(ctx, P + 1, (p) => seen.has(p));
        for (let r = 1; r < top.scores.length; r++) expect(top.scores[r]!).toBeLessThanOrEqual(top.scores[r - 1]!);
        const scored = signal.score(ctx, top.ids);
        top.scores.forEach((v, r) => expect(scored[r]!).toBeCloseTo(v, 5));
      }
      expect(opinions, 'an opinion on the original for some user').toBeGreaterThan(0);
      if (signal.exportState === undefined) return;
      const copy = factory(config);
      copy.importState!(signal.exportState(), grown);
      for (const id of ['g0-user0', 'g1-user3', 'stranger']) {
        const ctx = { ...(id === 'stranger' ? strangerContext(grown) : contextOf(grown, id)), now };
        expect(Array.from(copy.score(ctx, all)), id).toEqual(Array.from(signal.score(ctx, all)));
      }
    });

    it('exportState / importState, when implemented, reproduce the scores exactly', () => {
      const { signal, ds } = fitted();
      if (signal.exportState === undefined) return;
      const state = signal.exportState();
      const copy = factory(config);
      expect(copy.importState).toBeDefined();
      copy.importState!(state, ds);
      expect(copy.fitted).toBe(true);
      const all = allProducts(ds);
      for (const id of ['g0-user0', 'g1-user3', 'g2-user1']) {
        const ctx = contextOf(ds, id);
        expect(Array.from(copy.score(ctx, all))).toEqual(Array.from(signal.score(ctx, all)));
      }
    });
  });
}
