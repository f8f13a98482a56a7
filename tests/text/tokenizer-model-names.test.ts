/**
 * Model names written with or without a space (D4, found by a probe on a foreign catalogue):
 * `RTX4090` and `RTX 4090` shared no term. A word mixing ASCII letters and digits also gives its
 * letter and digit runs, and a letter word followed by a digit word (only spaces or hyphens
 * between) also gives the two joined. Expected terms computed by hand from those rules.
 */
import { describe, expect, it } from 'vitest';
import { ProductTextIndex, type IndexableProduct } from '../../src/text/product-text-index.js';
import { createTokenizer, tokenize, tokenizeWith, tokenizeWithSegmenter, TokenizerConfigSchema } from '../../src/text/tokenizer.js';

/**
 * Texts and the terms `tokenize` gives them: words mixing letters and digits give their runs
 * (letter runs stemmed and stop words dropped like any word, digit runs never stemmed, mid-word
 * punctuation in its run); a letter word and the digit word after it give the two joined; nothing
 * joins across other punctuation, after a stop word, with the digit word first, or after a mixed word.
 */
const CASES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['RTX4090', ['rtx4090', 'rtx', '4090']],
  ['ＲＴＸ４０９０', ['rtx4090', 'rtx', '4090']],
  ['XL200', ['xl200', 'xl', '200']],
  ['Mate60', ['mate60', 'mate', '60']],
  ['iPhone15', ['iphone15', 'iphon', '15']],
  ['A4 i7 12VHPWR', ['a4', '4', 'i7', '7', '12vhpwr', '12', 'vhpwr']],
  ['3.5kg v2.0 1,000mAh', ['3.5kg', '3.5', 'kg', 'v2.0', 'v', '2.0', '1,000mah', '1,000', 'mah']],
  ['RTX 4090', ['rtx', '4090', 'rtx4090']],
  ['iPhone 15', ['iphon', '15', 'iphone15']],
  ['Mate 60', ['mate', '60', 'mate60']],
  ['XL-200', ['xl', '200', 'xl200']],
  ['Bluetooth  5.0', ['bluetooth', '5.0', 'bluetooth5.0']],
  // ICU gives 华为 and 显卡 as single characters; the bigrams follow
  ['华为 Mate 60 Pro', ['华', '为', '华为', 'mate', '60', 'mate60', 'pro']],
  ['RTX 4090显卡', ['rtx', '4090', 'rtx4090', '显', '卡', '显卡']],
  ['rtx, 4090', ['rtx', '4090']],
  ['rtx/4090 rtx 🎒 4090', ['rtx', '4090', 'rtx', '4090']],
  ['for 2 in 2008', ['2', '2008']],
  ['256 GB', ['256', 'gb']],
  ['RTX4090 24', ['rtx4090', 'rtx', '4090', '24']],
];

describe('model names: letters and digits with or without a space (D4)', () => {
  it.each(CASES)('%s', (text, terms) => {
    expect(tokenize(text)).toEqual(terms);
  });

  it('gives both spellings of a model name the same terms', () => {
    for (const [a, b] of [
      ['RTX4090', 'RTX 4090'],
      ['iPhone15', 'iPhone 15'],
      ['Mate60', 'Mate 60'],
      ['XL200', 'XL-200'],
      ['airpods pro2', 'AirPods Pro 2'],
    ] as const) {
      expect(new Set(tokenize(a))).toEqual(new Set(tokenize(b)));
    }
  });

  it('keeps the word limit and follows the config like any word', () => {
    expect(createTokenizer({ maxTermLength: 4 })('rtx4090 rtx 4090')).toEqual(['rtx', '4090']);
    expect(createTokenizer({ stopWords: false, stemming: false })('iPhone 15 for 2')).toEqual(['iphone', '15', 'iphone15', 'for', '2', 'for2']);
  });

  it('gives the same terms on the fast and the plain path', () => {
    const cfg = TokenizerConfigSchema.parse({});
    const text = 'RTX 4090 iPhone15手机壳 华为Mate 60 a1 XL-200 3.5kg v2.0 rtx\n4090 ＲＴＸ ４０９０ kid’s 2';
    expect(tokenizeWith(cfg, text)).toEqual(tokenizeWithSegmenter(cfg, text));
  });

  it('ranks the exact model above another of its line, whichever spelling either side uses', () => {
    const p = (id: string, title: string): IndexableProduct => ({ id, title, tags: [], description: '', category: '' });
    const index = ProductTextIndex.build([
      p('4090-joined', '华硕ROG RTX4090 24G 猛禽 游戏显卡'),
      p('4090-spaced', 'NVIDIA GeForce RTX 4090 Founders Edition'),
      p('4060-spaced', 'RTX 4060 8G 入门游戏显卡'),
      p('cable', '4090显卡供电线 12VHPWR 16pin'),
      p('mug', 'travel mug'),
    ]);
    for (const query of ['RTX 4090', 'RTX4090']) {
      const r = index.bm25(query);
      const score = new Map(Array.from(r.docs, (d, i) => [index.productIdAt(d)!, r.scores[i]!]));
      const partial = Math.max(score.get('4060-spaced')!, score.get('cable')!);
      expect(score.get('4090-joined')!).toBeGreaterThan(partial);
      expect(score.get('4090-spaced')!).toBeGreaterThan(partial);
      expect(score.has('mug')).toBe(false);
    }
  });
});

describe('tokeniser rules 1 (model files before version 6)', () => {
  it('leaves out model names, the short-stem rule and the mark removal', () => {
    const v1 = createTokenizer({ rules: 1 });
    expect(v1('RTX 4090 RTX4090')).toEqual(['rtx', '4090', 'rtx4090']);
    expect(v1('OLED')).toEqual(['ol']);
    expect(v1('back\u00adpack')).toEqual(['back\u00adpack']);
    const v2 = createTokenizer({});
    expect(v2('RTX 4090 RTX4090')).toEqual(['rtx', '4090', 'rtx4090', 'rtx4090', 'rtx', '4090']);
    expect(v2('OLED')).toEqual(['oled']);
    expect(v2('back\u00adpack')).toEqual(['backpack']);
  });
});
