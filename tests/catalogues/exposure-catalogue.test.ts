/**
 * Invariants of the exposure-biased catalogue (tests/_catalogues/exposure-catalogue.ts): appeal
 * that does not depend on the shop, a logging policy that showed the head four times as often,
 * impressions with positions, clicks drawn from examination x appeal, and two logged windows.
 */
import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/index.js';
import { validateMarketplace } from '../../src/index.js';
import { buildExposureCatalogue, type ExposureCatalogue } from '../_catalogues/exposure-catalogue.js';
import { examination } from '../_catalogues/exposure-logging.js';
import { HOSTILE_IDS } from '../_catalogues/shops.js';

const catalogue = buildExposureCatalogue();
const P = catalogue.productIds.length;
const U = catalogue.userIds.length;
const productIndex = new Map(catalogue.productIds.map((id, p) => [id, p]));
const userIndex = new Map(catalogue.userIds.map((id, u) => [id, u]));
const shopOf = catalogue.products.map((p) => String(p.merchantId));

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Products of head shops, of new shops and of the other (established, not head) shops. */
function tiers(): { head: number[]; fresh: number[]; rest: number[] } {
  const head: number[] = [];
  const fresh: number[] = [];
  const rest: number[] = [];
  shopOf.forEach((s, p) => (catalogue.headShops.has(s) ? head : catalogue.newShops.has(s) ? fresh : rest).push(p));
  return { head, fresh, rest };
}

function impressionsPerProduct(events: readonly EventInput[]): Float64Array {
  const out = new Float64Array(P);
  for (const e of events) if (e.type === 'impression') out[productIndex.get(String(e.productId))!]! += 1;
  return out;
}

function sessions(events: readonly EventInput[]): Map<string, EventInput[]> {
  const out = new Map<string, EventInput[]>();
  for (const e of events) {
    const list = out.get(e.sessionId!) ?? [];
    list.push(e);
    out.set(e.sessionId!, list);
  }
  return out;
}

function snapshot(c: ExposureCatalogue): string {
  return JSON.stringify({ ...c, appeal: [...c.appeal], quality: [...c.quality], exposureFactor: [...c.exposureFactor], headShops: [...c.headShops], newShops: [...c.newShops] });
}

describe('exposure-biased catalogue: the truth', () => {
  it('has a users x products appeal matrix in [0, 1]', () => {
    expect(U).toBe(300);
    expect(catalogue.appeal).toHaveLength(U * P);
    expect(catalogue.appeal.reduce((a, b) => Math.min(a, b), 1)).toBeGreaterThanOrEqual(0);
    expect(catalogue.appeal.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(1);
    // Capped at 1 only rarely (main-category users of the best products).
    expect(catalogue.appeal.filter((a) => a === 1).length / catalogue.appeal.length).toBeLessThan(0.05);
  });

  it('draws quality and appeal independently of the shop: head and other products alike on average', () => {
    const { head, fresh, rest } = tiers();
    expect(head.length).toBeGreaterThan(50);
    expect(rest.length).toBeGreaterThan(50);
    expect(fresh.length).toBeGreaterThanOrEqual(8);
    // Quality is uniform on [0.15, 1): mean 0.575, sd of a mean of 100+ draws under 0.03.
    expect(Math.abs(mean(head.map((p) => catalogue.quality[p]!)) - 0.575)).toBeLessThan(0.08);
    expect(Math.abs(mean(rest.map((p) => catalogue.quality[p]!)) - 0.575)).toBeLessThan(0.08);
    const appealOf = (ps: number[]): number => mean(ps.map((p) => mean(Array.from({ length: U }, (_, u) => catalogue.appeal[u * P + p]!))));
    expect(appealOf(head) / appealOf(rest)).toBeGreaterThan(0.85);
    expect(appealOf(head) / appealOf(rest)).toBeLessThan(1.15);
  });
});

describe('exposure-biased catalogue: the logging policy', () => {
  it('showed head shops` products about four times as often as the others`, new shops` never', () => {
    const { head, fresh, rest } = tiers();
    for (const events of [catalogue.trainEvents, catalogue.testEvents]) {
      const shown = impressionsPerProduct(events);
      const ratio = mean(head.map((p) => shown[p]!)) / mean(rest.map((p) => shown[p]!));
      // Sampling 8 of 370 without replacement damps the factor 4 a little.
      expect(ratio).toBeGreaterThan(3.2);
      expect(ratio).toBeLessThan(4.4);
      for (const p of fresh) expect(shown[p]).toBe(0);
    }
    const fresh2 = new Set(fresh.map((p) => catalogue.productIds[p]));
    expect([...catalogue.trainEvents, ...catalogue.testEvents].filter((e) => fresh2.has(String(e.productId)))).toHaveLength(0);
  });

  it('logs each session as 8 distinct impressions at positions 1 to 8; clicks, carts and purchases follow an impression of the session', () => {
    for (const [, events] of sessions(catalogue.trainEvents)) {
      const shown = events.filter((e) => e.type === 'impression');
      expect(shown.map((e) => e.position).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(new Set(shown.map((e) => e.productId)).size).toBe(8);
      const at = new Map(shown.map((e) => [String(e.productId), e]));
      const clicked = new Set<string>();
      for (const e of events.filter((x) => x.type === 'click')) {
        expect(e.position).toBe(at.get(String(e.productId))!.position);
        expect(e.timestamp as number).toBeGreaterThan(at.get(String(e.productId))!.timestamp as number);
        clicked.add(String(e.productId));
      }
      for (const e of events.filter((x) => x.type === 'cart' || x.type === 'purchase')) expect(clicked.has(String(e.productId))).toBe(true);
    }
  });

  it('draws clicks from examination(position) x appeal: the click rate per unit of appeal follows position^-0.7', () => {
    const shownAppeal = new Float64Array(9);
    const clicks = new Float64Array(9);
    for (const e of catalogue.trainEvents) {
      if (e.type !== 'impression' && e.type !== 'click') continue;
      const k = e.position as number;
      if (e.type === 'click') clicks[k]! += 1;
      else shownAppeal[k]! += catalogue.appeal[userIndex.get(String(e.userId))! * P + productIndex.get(String(e.productId))!]!;
    }
    // Expected clicks at position k = examination(k) x the appeal shown there.
    for (const k of [1, 2, 4, 8]) {
      const ratio = clicks[k]! / (examination(k) * shownAppeal[k]!);
      expect(ratio).toBeGreaterThan(0.85);
      expect(ratio).toBeLessThan(1.15);
    }
    expect(clicks[1]! / shownAppeal[1]!).toBeGreaterThan((2 * clicks[8]!) / shownAppeal[8]!);
  });

  it('logs the training window before the training end and the held-out window after it', () => {
    const train = catalogue.trainEvents.map((e) => e.timestamp as number);
    const test = catalogue.testEvents.map((e) => e.timestamp as number);
    expect(Math.max(...train)).toBeLessThan(catalogue.trainEnd);
    expect(Math.min(...test)).toBeGreaterThanOrEqual(catalogue.trainEnd);
    expect(Math.max(...test) - catalogue.trainEnd).toBeLessThanOrEqual(14 * 86_400_000);
    expect(catalogue.testEvents.filter((e) => e.type === 'click').length).toBeGreaterThan(500);
  });
});

describe('exposure-biased catalogue: records and seeds', () => {
  it('passes the library`s record schemas and keeps ids that must never be plain-object keys', () => {
    const { data } = validateMarketplace({ products: catalogue.products, merchants: catalogue.merchants, events: [...catalogue.trainEvents, ...catalogue.testEvents] });
    expect(data.events).toHaveLength(catalogue.trainEvents.length + catalogue.testEvents.length);
    expect(new Set(catalogue.productIds).size).toBe(P);
    expect(new Set(catalogue.userIds).size).toBe(U);
    expect(catalogue.userIds).toContain(HOSTILE_IDS[0]);
    expect(catalogue.merchants.map((m) => m.id)).toContain(HOSTILE_IDS[1]);
    expect(catalogue.trainEvents.some((e) => e.userId === HOSTILE_IDS[0] && e.type === 'click')).toBe(true);
  });

  it('rebuilds bit for bit from its seed and changes with another seed or option', () => {
    expect(snapshot(buildExposureCatalogue())).toBe(snapshot(catalogue));
    expect(snapshot(buildExposureCatalogue({ seed: 5 }))).not.toBe(snapshot(catalogue));
    const flat = buildExposureCatalogue({ headExposure: 1, users: 60 });
    expect(flat.userIds).toHaveLength(60);
    expect(Math.max(...flat.exposureFactor)).toBe(1);
  });
});
