/**
 * Contract every signal must pass (DESIGN.md 3), run by signals.test.ts against every type in
 * SIGNAL_FACTORIES: config round trip, strict config, not-fitted errors, score aligned with the
 * candidates, NaN only where the signal has no opinion, topN (exclude, at most n, best first),
 * the block-design known answer of fixtures/known-answer/blocks.json, and the state round trip.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDataset, type Dataset } from '../../src/dataset/dataset.js';
import { ConfigError, NotFittedError } from '../../src/errors.js';
import { validateMarketplace } from '../../src/schema/marketplace-data.js';
import type { Signal, UserContext } from '../../src/signals/signal.js';

/** Per-type options of the contract. */
export interface SignalContractOptions {
  /** Config used for the fits (small and fast). @default {} */
  readonly config?: Record<string, unknown>;
  /** False for signals that score every user alike (popularity): they may score users with no history. @default true */
  readonly personalised?: boolean;
  /** Skip the known-answer check, with the reason. */
  readonly skipKnownAnswer?: string;
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
  const personalised = options.personalised ?? true;
  const fitted = (): { signal: Signal; ds: Dataset } => {
    const ds = blockDataset();
    const signal = factory(config);
    signal.fit(ds);
    return { signal, ds };
  };

  describe(`signal contract: ${name}`, () => {
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

    it('has no NaN for users known at fit; NaN only for a user with no history', () => {
      const { signal, ds } = fitted();
      const all = allProducts(ds);
      for (const id of ds.users.ids()) {
        const s = signal.score(contextOf(ds, id), all);
        expect(s.some((v) => Number.isNaN(v)), `NaN for ${id}`).toBe(false);
      }
      const stranger = signal.score(strangerContext(ds), all);
      if (personalised) {
        expect(stranger.every((v) => Number.isNaN(v))).toBe(true);
        expect(signal.topN(strangerContext(ds), 5).ids.length).toBe(0);
      } else {
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
      expect(signal.topN(ctx, 4).ids.length).toBeGreaterThan(0);
      expect(signal.topN(ctx, 0).ids.length).toBe(0);
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
