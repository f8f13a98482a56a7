import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { ProductTextIndex, type IndexableProduct } from '../../src/text/product-text-index.js';

const p = (id: string, title: string, tags: string[] = [], extra: Partial<IndexableProduct> = {}): IndexableProduct => ({
  id,
  title,
  tags,
  description: '',
  category: '',
  ...extra,
});

// title weight 2, tags weight 1, category and description ignored
const cfg = { fields: { title: 2, tags: 1, category: 0, description: 0 } };
const corpus = [p('p1', 'red backpack'), p('p2', 'blue backpack', ['travel']), p('p3', 'travel mug')];

function scoresById(index: ProductTextIndex, query: string): Map<string, number> {
  const r = index.bm25(query);
  return new Map(Array.from(r.docs, (d, i) => [index.productIdAt(d)!, r.scores[i]!]));
}

function vectorById(index: ProductTextIndex, id: string): Map<string, number> {
  const v = index.vector(index.docOf(id));
  return new Map(Array.from(v.terms, (t, i) => [index.terms.termAt(t), v.weights[i]!]));
}

describe('ProductTextIndex', () => {
  it('computes field-weighted lengths and document frequencies', () => {
    const index = ProductTextIndex.build(corpus, cfg);
    expect(index.size).toBe(3);
    expect(index.docLength(0)).toBe(4); // red 2 + backpack 2
    expect(index.docLength(1)).toBe(5); // blue 2 + backpack 2 + travel 1
    expect(index.avgDocLength).toBeCloseTo(13 / 3, 12);
    expect(index.df(index.terms.idOf('backpack'))).toBe(2);
    expect(index.df(index.terms.idOf('mug'))).toBe(1);
  });

  it('scores BM25 by hand (k1 1.2, b 0.75)', () => {
    const index = ProductTextIndex.build(corpus, cfg);
    // idf(df 2) = ln(1 + 1.5/2.5) = ln 1.6; p1: 0.470004 * 2 * 2.2 / (2 + 1.2 (0.25 + 0.75 * 4 / (13/3)))
    const s = scoresById(index, 'backpack travel');
    expect(s.get('p1')).toBeCloseTo(0.660545641102115, 10);
    expect(s.get('p2')).toBeCloseTo(1.0616262548415913, 10);
    expect(s.get('p3')).toBeCloseTo(0.660545641102115, 10);
    // idf(df 1) = ln(8/3)
    expect(scoresById(index, 'red').get('p1')).toBeCloseTo(1.3784627339624262, 10);
    expect(scoresById(index, 'red').size).toBe(1);
    expect(index.bm25('unknown words').docs).toHaveLength(0);
    expect(index.bm25Doc(index.queryTerms('backpack travel'), 1)).toBeCloseTo(1.0616262548415913, 10);
  });

  it('builds L2-normalised TF-IDF vectors by hand', () => {
    const index = ProductTextIndex.build(corpus, cfg);
    // idf = ln((1+3)/(1+df)) + 1; p2 = (blue 2 * 1.6931, backpack 2 * 1.2877, travel 1 * 1.2877) / 4.44495
    expect(index.norm(1)).toBeCloseTo(4.444953891630479, 10);
    const v = vectorById(index, 'p2');
    expect(v.get('blue')).toBeCloseTo(0.7618289061436687, 6);
    expect(v.get('backpack')).toBeCloseTo(0.5793905196075898, 6);
    expect(v.get('travel')).toBeCloseTo(0.2896952598037949, 6);
    let sq = 0;
    for (const w of v.values()) sq += w * w;
    expect(sq).toBeCloseTo(1, 6);
  });

  it('counts a term at most maxRepeats times per field: a stuffed title says its words once', () => {
    const stuffed = p('s', Array.from({ length: 30 }, () => 'red backpack').join(' '), ['red', 'red red']);
    const index = ProductTextIndex.build([...corpus, stuffed], cfg);
    // Title: red 2 + backpack 2 (once each, weight 2); tags 'red | red red': red once more (weight 1).
    expect(index.docLength(3)).toBe(5);
    // avgdl = (4 + 5 + 4 + 5) / 4 = 4.5; idf(red, df 2 of 4) = ln(1 + 2.5 / 2.5) = ln 2;
    // p1: ln2 x 2 x 2.2 / (2 + 1.2 (0.25 + 0.75 x 4 / 4.5)); stuffed: ln2 x 3 x 2.2 / (3 + 1.2 (0.25 + 0.75 x 5 / 4.5)).
    const s = scoresById(index, 'red');
    expect(s.get('p1')).toBeCloseTo((Math.LN2 * 4.4) / (2 + 1.2 * (0.25 + (0.75 * 4) / 4.5)), 10);
    expect(s.get('s')).toBeCloseTo((Math.LN2 * 6.6) / (3 + 1.2 * (0.25 + (0.75 * 5) / 4.5)), 10);
    // Every occurrence (null): red 30 x 2 + 2 x 1, backpack 30 x 2.
    const all = ProductTextIndex.build([...corpus, stuffed], { ...cfg, maxRepeats: null });
    expect(all.docLength(3)).toBe(123);
    const two = ProductTextIndex.build([stuffed], { ...cfg, maxRepeats: 2 });
    expect(two.docLength(0)).toBe(4 + 4 + 2);
    expect(() => new ProductTextIndex({ maxRepeats: 0 })).toThrow(ConfigError);
    expect(() => new ProductTextIndex({ maxRepeats: 1.5 })).toThrow(/maxRepeats/);
  });

  it('applies the default field weights', () => {
    const index = ProductTextIndex.build([
      p('a', 'mug', ['mug'], { category: 'mug', description: 'mug' }),
    ]);
    expect(index.docLength(0)).toBe(2 + 1.5 + 1 + 0.5);
  });

  it('incremental add/remove equals a rebuild', () => {
    const extra = [p('p4', 'red travel backpack', ['backpack']), p('p5', 'blue mug', ['kitchen'])];
    const inc = ProductTextIndex.build(corpus, cfg);
    for (const e of extra) inc.add(e);
    expect(inc.remove('p1')).toBe(true);
    expect(inc.remove('p1')).toBe(false);
    inc.add(p('p3', 'travel mug large')); // replaces p3 in its slot
    const final = [corpus[1]!, p('p3', 'travel mug large'), ...extra];
    const rebuilt = ProductTextIndex.build(final, cfg);
    expect(inc.size).toBe(rebuilt.size);
    expect(inc.avgDocLength).toBeCloseTo(rebuilt.avgDocLength, 12);
    expect(inc.docOf('p3')).toBe(2);
    expect(inc.productIdAt(0)).toBeUndefined();
    for (const q of ['backpack travel', 'red mug', 'blue kitchen large', 'red']) {
      const a = scoresById(inc, q);
      const b = scoresById(rebuilt, q);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [id, s] of b) expect(a.get(id)).toBeCloseTo(s, 10);
    }
    for (const prod of final) {
      const a = vectorById(inc, prod.id);
      const b = vectorById(rebuilt, prod.id);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [t, w] of b) expect(a.get(t)).toBeCloseTo(w, 6);
    }
    // 'red' now only in p4
    expect(inc.df(inc.terms.idOf('red'))).toBe(1);
  });

  it('build with a duplicate id keeps the last version in the first slot, as add does', () => {
    const list = [p('p1', 'red backpack'), p('p2', 'blue backpack', ['travel']), p('p1', 'green mug'), p('p3', 'travel mug')];
    const built = ProductTextIndex.build(list, cfg);
    const added = new ProductTextIndex(cfg);
    for (const item of list) added.add(item);
    expect(built.size).toBe(3);
    expect(built.docOf('p1')).toBe(0);
    expect(built.docLength(0)).toBe(4); // green 2 + mug 2
    expect(built.df(built.terms.idOf('red'))).toBe(0);
    expect(built.df(built.terms.idOf('mug'))).toBe(2);
    expect(built.queryTerms('red')).toHaveLength(0);
    for (const q of ['mug', 'backpack travel', 'green blue']) {
      expect(scoresById(built, q)).toEqual(scoresById(added, q));
    }
    expect(Array.from(built.postings(built.terms.idOf('mug')).docs)).toEqual([0, 2]);
  });

  it('treats __proto__ as an ordinary product id', () => {
    const index = ProductTextIndex.build([p('__proto__', 'red mug'), p('constructor', 'blue mug')]);
    expect(index.docOf('__proto__')).toBe(0);
    expect(index.remove('__proto__')).toBe(true);
    expect(index.docOf('__proto__')).toBe(-1);
  });

  it('rejects bad config naming the key', () => {
    expect(() => new ProductTextIndex({ k1: -1 })).toThrow(ConfigError);
    try {
      new ProductTextIndex({ fields: { title: -2 } });
    } catch (e) {
      expect((e as ConfigError).path).toBe('fields.title');
    }
  });
});
