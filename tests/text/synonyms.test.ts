/**
 * Spelling groups (`text.tokenizer.synonyms`): a brand's Chinese and Latin names read as one word,
 * so a hot topic written `拉布布` reaches products titled `Labubu` (the cross-language names case
 * found by the text probe).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { loadRecommender } from '../../src/engine/model-file.js';
import { createTrending } from '../../src/signals/trending.js';
import { createTokenizer, TokenizerConfigSchema, tokenizeWith, tokenizeWithSegmenter } from '../../src/text/tokenizer.js';
import { T0, contextOf, dataset, event, product, topics } from '../signals/_text-fixture.js';

const GROUPS = [['Labubu', '拉布布'], ['Nike', '耐克'], ['拉布', 'rabu']];

describe('synonyms in the tokeniser', () => {
  const t = createTokenizer({ synonyms: GROUPS });

  it('rewrites every spelling to the group\'s first, before segmentation (hand-written cases)', () => {
    expect(t('拉布布盲盒')).toEqual(['labubu', '盲', '盒', '盲盒']);
    expect(t('LABUBU The Monsters')).toEqual(['labubu', 'monster']);
    expect(t('耐克 air')).toEqual(['nike', 'air']);
    expect(t('NIKE跑鞋')).toEqual(['nike', '跑鞋']);
    // The first spelling of a group is never rewritten: 拉布 is its group's first.
    expect(t('拉布布拉布')).toEqual(['labubu', '拉', '布', '拉布']);
    expect(t('rabu')).toEqual(['拉', '布', '拉布']);
    // Without synonyms the Chinese name is only characters and bigrams.
    expect(createTokenizer()('拉布布盲盒')).toEqual(['拉', '布', '布', '盲', '盒', '拉布', '布布', '布盲', '盲盒']);
  });

  it('an end in a letter or digit of a spaced script matches only as a whole word there; Han ends match anywhere', () => {
    expect(createTokenizer({ synonyms: [['拉布布', 'labubu']] })('xlabubu labubux labubu')).toEqual(['xlabubu', 'labubux', '拉', '布', '布', '拉布', '布布']);
    // Cyrillic and accented Latin words too (review finding): not inside москвариум, nor café inside cafés.
    expect(createTokenizer({ synonyms: [['moscow', 'москва']] })('москвариум москва')).toEqual(['москвариум', 'moscow']);
    expect(createTokenizer({ synonyms: [['cafe', 'café']] })('cafés café')).toEqual(['café', 'cafe']);
    // A rewritten spelling next to a word of a spaced script stays a word of its own.
    expect(t('拉布布mini挂件')).toEqual(['labubu', 'mini', '挂', '件', '挂件']);
  });

  it('where a longer spelling does not match as a whole word, a shorter one at the same place still does', () => {
    const groups = [['拉布布', 'labubu'], ['迷你拉布布', 'labubu mini']];
    expect(createTokenizer({ synonyms: groups })('labubu minis')).toEqual(['拉', '布', '布', '拉布', '布布', 'mini']);
    expect(createTokenizer({ synonyms: groups })('labubu mini')).toEqual(['迷你', '拉', '布', '布', '你拉', '拉布', '布布']);
  });

  it('a first spelling in capitals stays an abbreviation for the capitals rule, whichever spelling the text has', () => {
    const gps = createTokenizer({ synonyms: [['GPS', '全球定位']] });
    expect(gps('GPS watch')).toEqual(['gps', 'watch']);
    expect(gps('全球定位 watch')).toEqual(['gps', 'watch']);
  });

  it('spellings are normalised as the text is (width, case, traditional Chinese), and the capitals rule still reads the text as written', () => {
    expect(createTokenizer({ synonyms: [['ＬＡＢＵＢＵ', '拉布布']] })('labubu')).toEqual(['labubu']);
    expect(createTokenizer({ synonyms: [['奧運', 'olympics']] })('Olympics 背包')).toEqual(['奥运', '背包']);
    // ABS keeps its spelling (capitals), OLEDs loses only its s: the cased text is rewritten at the same places.
    expect(t('ABS 拉布布 OLEDs')).toEqual(['abs', 'labubu', 'oled']);
    expect(t('GPS拉布布OLEDs TVs')).toEqual(['gps', 'labubu', 'oled', 'tv']);
  });

  it('the fast path and the segmenter path give the same terms', () => {
    const cfg = TokenizerConfigSchema.parse({ synonyms: GROUPS });
    for (const text of ['拉布布盲盒 Labubu 耐克', 'GPS拉布布OLEDs TVs', 'rabu 拉布布拉布', 'xlabubu 拉布布mini', '']) {
      expect(tokenizeWith(cfg, text)).toEqual(tokenizeWithSegmenter(cfg, text));
    }
  });

  it('refuses groups that cannot be used, naming the group', () => {
    const message = (synonyms: unknown): string => {
      try {
        createTokenizer({ synonyms: synonyms as string[][] });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(message([['a', 'b'], ['B', 'c']])).toBe('tokenizer config: synonyms.1: "B" is also in group 0: a spelling belongs to one group');
    expect(message([['a', 'A']])).toBe('tokenizer config: synonyms.0: "A" is given twice');
    expect(message([['a']])).toBe('tokenizer config: synonyms.0: a group needs at least two spellings');
    expect(message([['a', '\u200b ']])).toBe('tokenizer config: synonyms.0: "\u200b " is empty after normalisation');
    expect(message([['a', 'x'.repeat(101)]])).toMatch(/^tokenizer config: synonyms\.0: "x+" is longer than 100 characters$/);
    expect(message([['a', 3]])).toMatch(/^tokenizer config: synonyms\.0\.1: /);
  });
});

describe('synonyms carry a hot topic across a brand\'s names', () => {
  const PRODUCTS = [product('doll', 'Labubu The Monsters vinyl plush', 'toys'), product('kit', 'Kitchen knife set', 'kitchen'), product('shoe', 'Running shoe', 'sport')];
  const ds = dataset(PRODUCTS, [event('u', 'kit', 'view', -1)]);
  const all = Int32Array.from({ length: ds.products.size }, (_, i) => i);
  const matched = (synonyms: string[][]): string[] => {
    const s = createTrending({ personalisation: 0, text: { tokenizer: { synonyms } } });
    s.fit(ds);
    const out = s.score(contextOf(ds, 'u', T0, topics([{ id: 't', text: '拉布布 爆火' }])), all);
    return Array.from(all).filter((p) => !Number.isNaN(out[p]!)).map((p) => ds.products.idAt(p));
  };

  it('the topic 拉布布 matches the product titled Labubu only with the group', () => {
    expect(matched([])).toEqual([]);
    expect(matched([['Labubu', '拉布布']])).toEqual(['doll']);
  });

  it('a model file keeps the groups: the loaded recommender serves the same slate', () => {
    const records = { products: PRODUCTS, merchants: [{ id: 'm1' }], events: [event('u', 'kit', 'view', -1), event('v', 'shoe', 'view', -2)] };
    const rec = createRecommender({ signals: [{ type: 'trending', personalisation: 0, text: { tokenizer: { synonyms: [['Labubu', '拉布布']] } } }, { type: 'popularity' }] });
    rec.fit(records);
    const request = { n: 3, now: T0, topics: [{ id: 't', text: '拉布布 爆火' }] };
    const slate = rec.recommend('u', request);
    expect(slate.items[0]!.productId).toBe('doll');
    // Without the group the topic reaches nothing and the doll is not first.
    const plain = createRecommender({ signals: [{ type: 'trending', personalisation: 0 }, { type: 'popularity' }] });
    plain.fit(records);
    expect(plain.recommend('u', request).items[0]!.productId).not.toBe('doll');
    const loaded = loadRecommender(JSON.stringify(rec.toJSON()));
    expect(loaded.recommend('u', request).items.map((i) => i.productId)).toEqual(slate.items.map((i) => i.productId));
  });
});
