/**
 * Category and tag keys normalise as the tokeniser does (D9): a topic tag written in full-width
 * forms, traditional characters, other case or spacing, or with a trademark sign, finds the
 * products carrying the tag.
 */
import { describe, expect, it } from 'vitest';
import { TopicSchema } from '../../src/schema/entities.js';
import { ProductFacets, facetKey } from '../../src/signals/product-facets.js';
import { tagShare } from '../../src/signals/topic-match.js';

describe('facetKey', () => {
  it('applies NFKC: full-width letters and digits are the ASCII ones', () => {
    expect(facetKey('Ｔ恤')).toBe('t恤');
    expect(facetKey('T恤')).toBe('t恤');
    expect(facetKey('ＲＴＸ４０９０')).toBe('rtx4090');
  });

  it('lower-cases, folds traditional characters, trims and collapses inner whitespace', () => {
    expect(facetKey(' 奧運  背包 ')).toBe('奥运 背包');
    expect(facetKey('Running\u3000\tShoes')).toBe('running shoes');
    expect(facetKey('sport')).toBe('sport');
  });

  it('drops invisible characters and trademark signs as the tokeniser does', () => {
    expect(facetKey('Nike™')).toBe('nike');
    expect(facetKey(' Ｎｉｋｅ™  Air ')).toBe('nike air');
    expect(facetKey('back\u00adpack\u200b')).toBe('backpack');
    expect(facetKey(' \u200b ')).toBe('');
  });
});

describe('topic tags against product tags', () => {
  const facets = new ProductFacets();
  facets.set(0, { category: '服装', tags: ['T恤', 'Nike', '夏季 新款'] });
  facets.set(1, { category: 'Ｓｐｏｒｔ', tags: ['背包', '运动'] });
  const topic = (tags: string[]) => TopicSchema.parse({ id: 't', text: 'x', tags });

  it('a full-width topic tag finds the product tag (was: no match)', () => {
    expect(tagShare(topic(['Ｔ恤']), 0, facets)).toBe(1);
    expect(tagShare(topic(['T恤']), 0, facets)).toBe(1);
  });

  it('trademark signs, spacing and traditional characters do not matter either', () => {
    expect(tagShare(topic(['Nike™', '夏季  新款']), 0, facets)).toBe(1);
    expect(tagShare(topic(['運動', ' 背包', '雨伞']), 1, facets)).toBe(2 / 3);
    expect(facets.categories).toEqual(['服装', 'sport']);
    expect(facets.tagNames).toEqual(['t恤', 'nike', '夏季 新款', '背包', '运动']);
  });
});

describe('facet keys under tokeniser rules 1 (model files before version 6)', () => {
  it('are the text trimmed, lower-cased and folded only, as they were', () => {
    expect(facetKey(' Ｎｉｋｅ™  Air ', 1)).toBe('ｎｉｋｅ™  air');
    expect(facetKey('運動 ', 1)).toBe('运动');
    const old = new ProductFacets(1);
    old.set(0, { category: '服装', tags: ['T恤'] });
    const topic = (tags: string[]) => TopicSchema.parse({ id: 't', text: 'x', tags });
    // The full-width tag did not find the product before version 6, and still does not under rules 1.
    expect(tagShare(topic(['Ｔ恤']), 0, old)).toBe(0);
    expect(tagShare(topic(['t恤']), 0, old)).toBe(1);
  });
});
