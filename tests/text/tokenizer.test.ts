import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createTokenizer, tokenize } from '../../src/text/tokenizer.js';

describe('tokenize', () => {
  it('stems English words and drops stop words', () => {
    expect(tokenize('running backpacks')).toEqual(['run', 'backpack']);
    expect(tokenize('The best backpacks for the Olympics')).toEqual(['best', 'backpack', 'olymp']);
  });

  it('indexes Chinese as ICU words plus Han bigrams, keeping digits', () => {
    const terms = tokenize('巴黎重现2008北京奥运会背包');
    expect(terms).toContain('背包');
    expect(terms).toContain('奥运');
    expect(terms).toContain('2008');
    expect(terms).toContain('北京');
    // bigrams that ICU does not produce as words
    expect(terms).toContain('运会');
    expect(terms).toContain('京奥');
    // a bigram equal to an ICU word is not counted twice
    expect(terms.filter((t) => t === '背包')).toHaveLength(1);
    expect(terms).toEqual(['巴黎', '重现', '黎重', '2008', '北京', '奥运', '会', '背包', '京奥', '运会', '会背']);
  });

  it('splits Chinese compounds ICU cuts into single characters with bigrams', () => {
    const terms = tokenize('潘展乐同款双肩包');
    expect(terms).toContain('同款');
    expect(terms).toContain('肩包');
    expect(terms).toContain('双肩');
  });

  it('keeps a one-character Han run once', () => {
    expect(tokenize('中 国')).toEqual(['中', '国']);
  });

  it('handles mixed scripts, full-width forms and apostrophes', () => {
    expect(tokenize('Olympic backpack 奥运背包 Москва 서울 ＡＢＣ１２３ kid’s bags')).toEqual([
      'olymp',
      'backpack',
      '奥运',
      '背包',
      '运背',
      'москва',
      '서울',
      'abc123',
      'abc',
      '123',
      'kid',
      'bag',
    ]);
  });

  it('ignores emoji and punctuation', () => {
    expect(tokenize('🎒🎒 !!! ... ，。 🏅 —')).toEqual([]);
    expect(tokenize('backpack🎒, mug!')).toEqual(['backpack', 'mug']);
  });

  it('can switch stop words, stemming and bigrams off', () => {
    const plain = createTokenizer({ stopWords: false, stemming: false, hanBigrams: false });
    expect(plain('The running 奥运会背包')).toEqual(['the', 'running', '奥运', '会', '背包']);
  });

  it('rejects an unknown or invalid config key with a ConfigError naming it', () => {
    expect(() => createTokenizer({ stemmer: true } as never)).toThrow(ConfigError);
    try {
      createTokenizer({ maxTermLength: 0 });
    } catch (e) {
      expect((e as ConfigError).path).toBe('maxTermLength');
    }
    try {
      createTokenizer({ stemmer: true } as never);
    } catch (e) {
      expect((e as ConfigError).path).toBe('stemmer');
    }
  });

  it('tokenises a 1 MB string (chunked) without losing terms at chunk edges', () => {
    const unit = 'Running backpacks for the 2008 Olympics, 北京奥运会背包! 🎒 ';
    const reps = 20_000;
    const text = unit.repeat(reps);
    expect(text.length).toBeGreaterThan(1_000_000);
    const perUnit = tokenize(unit).length;
    expect(perUnit).toBe(11);
    expect(tokenize(text)).toHaveLength(perUnit * reps);
  });

  it('tokenises a 1 MB run of Han text into bigrams', () => {
    const text = '北京奥运会背包'.repeat(150_000);
    const terms = tokenize(text);
    // every one of the 1,049,999 bigrams is there, plus ICU words other than 2-char ones
    expect(terms.length).toBeGreaterThan(1_049_999);
    expect(terms.length).toBeLessThan(1_600_000);
  });

  it('gives a topic and its product shared terms in either language (the trending match)', () => {
    const product = new Set(tokenize('2008北京奥运会纪念双肩背包 Beijing 2008 Olympics retro backpack'));
    const en = tokenize('Paris reappears the 2008 Beijing Olympics backpack');
    expect(en).toEqual(['pari', 'reappear', '2008', 'beij', 'olymp', 'backpack']);
    expect(en.filter((t) => product.has(t))).toEqual(['2008', 'beij', 'olymp', 'backpack']);
    const zh = tokenize('巴黎重现2008北京奥运会背包');
    expect(zh.filter((t) => product.has(t))).toEqual(['2008', '北京', '奥运', '会', '背包', '京奥', '运会']);
  });

  it('splits hyphenated words, keeps decimals with units, drops # and @', () => {
    // a word mixing letters and digits also gives its runs (the model-name rule)
    expect(tokenize('T-shirt 3.5kg e-mail')).toEqual(['t', 'shirt', '3.5kg', '3.5', 'kg', 'e', 'mail']);
    expect(tokenize('#olympics @user iPhone15 256GB')).toEqual(['olymp', 'user', 'iphone15', 'iphon', '15', '256gb', '256', 'gb']);
  });

  it('drops over-long words', () => {
    expect(tokenize('x'.repeat(1_000_000))).toEqual([]);
  });
});
