import { describe, expect, it } from 'vitest';
import { NotFittedError } from '../../src/errors.js';
import { createContent } from '../../src/signals/content.js';
import { contextOf, dataset, event, idx, product } from './_text-fixture.js';

// Title only, so the TF-IDF weights can be worked out by hand.
const TITLE_ONLY = { text: { fields: { title: 1, tags: 0, category: 0, description: 0 } } };

/**
 * Four products, N = 4. Terms (stemmed): red, appl, cherri, blue, sky, green.
 * idf = ln((1 + N) / (1 + df)) + 1: red and appl (df 2) 1.510826, the others (df 1) 1.916291.
 * vA = (red, appl) / |.| = (0.707107, 0.707107); vB = (red 0.619130, cherri 0.785288);
 * vD = (green 0.785288, appl 0.619130); vC = (blue, sky) = (0.707107, 0.707107).
 * D has no interactions at all (a new product of a new merchant).
 */
function shop() {
  return dataset(
    [
      product('A', 'red apple'),
      product('B', 'red cherry'),
      product('C', 'blue sky'),
      product('D', 'green apple', '', [], 'm-new'),
    ],
    [event('one', 'A', 'view'), event('two', 'A', 'view'), event('two', 'C', 'purchase'), event('two', 'B', 'impression')],
  );
}

describe('content signal', () => {
  it('scores a one-event user by cosine, new products included (hand-computed)', () => {
    const ds = shop();
    const s = createContent(TITLE_ONLY);
    s.fit(ds);
    const out = s.score(contextOf(ds, 'one'), Int32Array.from([idx(ds, 'A'), idx(ds, 'B'), idx(ds, 'C'), idx(ds, 'D')]));
    expect(out[0]).toBeCloseTo(1, 6);
    expect(out[1]).toBeCloseTo(0.707107 * 0.61913, 5); // 0.437791
    expect(out[2]).toBe(0);
    expect(out[3]).toBeCloseTo(0.437791, 5); // D: never interacted with, scored from its text
  });

  it('weights the profile by the decayed event weights (view 1, purchase 6; impressions 0)', () => {
    const ds = shop();
    const s = createContent(TITLE_ONLY);
    s.fit(ds);
    // profile = vA + 6 vC, |profile| = sqrt(37)
    const out = s.score(contextOf(ds, 'two'), Int32Array.from([idx(ds, 'C'), idx(ds, 'B'), idx(ds, 'A')]));
    expect(out[0]).toBeCloseTo(6 / Math.sqrt(37), 5); // 0.986394
    expect(out[1]).toBeCloseTo(0.437791 / Math.sqrt(37), 5); // 0.071972
    expect(out[2]).toBeCloseTo(1 / Math.sqrt(37), 5);
  });

  it('topN walks the profile terms: best first, ties by index, no products without a shared term', () => {
    const ds = shop();
    const s = createContent(TITLE_ONLY);
    s.fit(ds);
    const ctx = contextOf(ds, 'one');
    const top = s.topN(ctx, 10);
    expect(Array.from(top.ids, (p) => ds.products.idAt(p))).toEqual(['A', 'B', 'D']);
    expect(top.scores[1]).toBeCloseTo(0.437791, 5);
    const unseen = s.topN(ctx, 1, (p) => p === idx(ds, 'A'));
    expect(Array.from(unseen.ids, (p) => ds.products.idAt(p))).toEqual(['B']);
    expect(s.topN(ctx, 0).ids.length).toBe(0);
  });

  it('walks at most candidatePostings postings for candidates, heaviest profile terms first', () => {
    const ds = shop();
    const s = createContent({ ...TITLE_ONLY, candidatePostings: 2 });
    s.fit(ds);
    // Profile vA: red and appl weigh the same (tie: the smaller term id, red, first); red's two
    // postings (A, B) use the budget, so D (reached through appl only) is not proposed...
    const top = s.topN(contextOf(ds, 'one'), 10);
    expect(Array.from(top.ids, (p) => ds.products.idAt(p))).toEqual(['A', 'B']);
    // ...though score() still uses the whole profile.
    expect(s.score(contextOf(ds, 'one'), Int32Array.from([idx(ds, 'D')]))[0]).toBeCloseTo(0.437791, 5);
  });

  it('has no opinion on a user without history', () => {
    const ds = shop();
    const s = createContent(TITLE_ONLY);
    s.fit(ds);
    const stranger = contextOf(ds, 'nobody');
    expect(Array.from(s.score(stranger, Int32Array.from([0, 1])))).toEqual([Number.NaN, Number.NaN]);
    expect(s.topN(stranger, 5).ids.length).toBe(0);
    expect(s.describe(stranger, 0)).toEqual([]);
  });

  it('similarTo ranks products by the cosine of their vectors, itself left out', () => {
    const ds = shop();
    const s = createContent(TITLE_ONLY);
    s.fit(ds);
    const sim = s.similarTo(idx(ds, 'A'), 5);
    expect(Array.from(sim.ids, (p) => ds.products.idAt(p))).toEqual(['B', 'D']);
    expect(sim.scores[0]).toBeCloseTo(0.437791, 5);
    expect(s.similarTo(idx(ds, 'C'), 5).ids.length).toBe(0);
  });

  it('describes the shared terms behind a score', () => {
    const ds = shop();
    const s = createContent(TITLE_ONLY);
    s.fit(ds);
    const lines = s.describe(contextOf(ds, 'one'), idx(ds, 'D'));
    expect(lines).toEqual(['cosine 0.438 with your interests; top terms: appl 0.438']);
    expect(s.describe(contextOf(ds, 'one'), idx(ds, 'C'))).toEqual(['shares no terms with the products you interacted with']);
  });

  it('matches Chinese text through ICU words and Han bigrams, across scripts', () => {
    const ds = dataset(
      [
        product('bag', '北京奥运会纪念双肩背包'),
        product('new-bag', '潘展乐同款双肩包 backpack', '', [], 'm-new'),
        product('tea', '西湖龙井茶'),
      ],
      [event('u', 'bag', 'purchase')],
    );
    const s = createContent();
    s.fit(ds);
    const out = s.score(contextOf(ds, 'u'), Int32Array.from([idx(ds, 'new-bag'), idx(ds, 'tea')]));
    expect(out[0]).toBeGreaterThan(0.04); // 0.048: shares 双肩 (ICU word) and 肩包 (bigram)
    expect(out[1]).toBe(0);
    expect(s.describe(contextOf(ds, 'u'), idx(ds, 'new-bag'))[0]).toMatch(/top terms: .*双肩/);
  });

  it('throws NotFittedError before fit and does not mutate the request context', () => {
    const ds = shop();
    const s = createContent();
    const ctx = contextOf(ds, 'two');
    expect(() => s.score(ctx, Int32Array.from([0]))).toThrow(NotFittedError);
    s.fit(ds);
    const items = ctx.items.slice();
    const weights = ctx.weights.slice();
    s.topN(ctx, 3);
    s.score(ctx, Int32Array.from([0, 1, 2, 3]));
    expect(ctx.items).toEqual(items);
    expect(ctx.weights).toEqual(weights);
  });

  it('gives the same scores for a new profile after another user (no stale cache)', () => {
    const ds = shop();
    const s = createContent(TITLE_ONLY);
    s.fit(ds);
    const all = Int32Array.from([0, 1, 2, 3]);
    const first = Array.from(s.score(contextOf(ds, 'one'), all));
    s.score(contextOf(ds, 'two'), all);
    expect(Array.from(s.score(contextOf(ds, 'one'), all))).toEqual(first);
  });
});
