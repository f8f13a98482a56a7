/**
 * A topic's single Han characters that a longer term of the topic holds do not match alone (found
 * by the text probe: "特斯拉 Cybertruck 热搜" matched a "热销" hoodie at full strength through 热).
 */
import { describe, expect, it } from 'vitest';
import { createTrending } from '../../src/signals/trending.js';
import { ProductTextIndex } from '../../src/text/product-text-index.js';
import { T0, contextOf, dataset, event, idx, product, topics } from './_text-fixture.js';

const PRODUCTS = [product('hoodie', '热销 卫衣 宽松'), product('tea', '茶 龙井'), product('bag', '奥运背包 热搜同款'), product('mug', '马克杯')];

describe('single Han characters in topic queries', () => {
  it('queryTerms leaves out a single character a longer query term holds (rules 2), keeps a lone one', () => {
    const terms = (text: string, rules: 1 | 2) => {
      const index = ProductTextIndex.build(PRODUCTS.map((p) => ({ id: String(p.id), title: p.title, tags: [], description: '', category: '' })), { tokenizer: { rules } });
      return Array.from(index.queryTerms(text), (t) => index.terms.termAt(t));
    };
    expect(terms('特斯拉 Cybertruck 热搜', 2)).toEqual(['热搜']);
    expect(terms('特斯拉 Cybertruck 热搜', 1)).toEqual(['热', '搜', '热搜']);
    expect(terms('茶', 2)).toEqual(['茶']);
  });

  it('a topic whose only shared term is one such character matches nothing; the product it is about still matches', () => {
    const ds = dataset(PRODUCTS, [event('u', 'mug', 'view', -1)]);
    const s = createTrending({ personalisation: 0 });
    s.fit(ds);
    const all = Int32Array.from({ length: ds.products.size }, (_, i) => i);
    const matched = (text: string) => {
      const out = s.score(contextOf(ds, 'u', T0, topics([{ id: 't', text }])), all);
      return Array.from(all).filter((p) => !Number.isNaN(out[p]!)).map((p) => ds.products.idAt(p));
    };
    expect(matched('特斯拉 Cybertruck 热搜')).toEqual(['bag']);
    expect(matched('特斯拉 Cybertruck')).toEqual([]);
    expect(matched('奥运背包')).toEqual(['bag']);
    expect(idx(ds, 'hoodie')).toBeGreaterThanOrEqual(0);
  });
});
