/**
 * The fast tokeniser path (ASCII pieces split without ICU, memoised stems and ICU pieces, the
 * index's field memo) must give exactly the terms of the plain Intl.Segmenter path, for every
 * text: fixture products and topics, tricky strings, and seeded random strings.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';
import { ProductTextIndex } from '../../src/text/product-text-index.js';
import {
  TokenizerConfigSchema,
  clearTokenizerMemos,
  prefetchTokenizer,
  tokenizeWith,
  tokenizeWithSegmenter,
  type TokenizerConfig,
} from '../../src/text/tokenizer.js';
import { detach } from '../../src/text/detach.js';
import { icuWords, type WordSink } from '../../src/text/icu-words.js';
import { fastWords } from '../../src/text/word-breaks.js';

const DEFAULT = TokenizerConfigSchema.parse({});
const BARE = TokenizerConfigSchema.parse({ stopWords: false, stemming: false, hanBigrams: false, maxTermLength: 6 });
const CONFIGS: readonly TokenizerConfig[] = [DEFAULT, BARE];

/** Texts whose fast and plain terms differ, with both term lists (empty when all agree). */
function mismatches(texts: readonly string[]): Array<{ text: string; fast: string[]; plain: string[] }> {
  const out: Array<{ text: string; fast: string[]; plain: string[] }> = [];
  for (const cfg of CONFIGS) {
    for (const text of texts) {
      const fast = tokenizeWith(cfg, text);
      const plain = tokenizeWithSegmenter(cfg, text);
      if (fast.length !== plain.length || fast.some((t, i) => t !== plain[i])) out.push({ text, fast, plain });
    }
  }
  return out;
}

/** Words with their start offsets, as a sink records them (fast-path ASCII words have no offset). */
class Recorder implements WordSink {
  readonly words: string[] = [];
  word(word: string): void {
    this.words.push(word);
  }
  asciiWord(word: string): void {
    this.words.push(word);
  }
}

const TRICKY = [
  // numbers, decimals, thousands, versions
  '3.14 2,000 1;2 1:2 0.5kg 3.5.1 v2.0 1,000,000.50 .5 5. ,5 5, 1..2 1,,2 10%',
  // contractions and possessives, straight and curly apostrophes
  "don't isn't it's kid's kids' o'neil rock'n'roll 'quoted' '' a''b kid’s don’t ’s",
  // colon, period and apostrophe between letters; mid letters next to digits
  'a:b a.b e.g. u.s.a a.1 1.a a:1 1:a a;b 1;a a\'1 1\'a x.y.z. .x :x x: ;',
  // URLs, e-mail addresses, hashtags, handles, paths
  'https://example.com/a_b?q=1&r=2#frag user.name+tag@mail.example.co.uk #olympics @user C:\\dir\\file.txt ~/x.y',
  // underscores and double quotes (handed to ICU)
  'snake_case __init__ _lead trail_ a_1 1_a _ __ say "hi" 5" 12"x',
  // hyphens, slashes, brackets, maths
  'T-shirt e-mail 3-4 a/b (x) [y] {z} <t> 1+1=2 a*b ^_^ a|b a~b',
  // accented Latin, German, Scandinavian, decomposed accents
  'Café crème brûlée naïve São Paulo Straße Ærø Øl ÅLAND cafe\u0301 e\u0301te\u0301',
  // Cyrillic, Greek, Arabic, Hebrew with gershayim
  'Москва Санкт-Петербург ёлка Αθήνα ΣΊΣΥΦΟΣ القاهرة צה"ל תשפ"ד',
  // Chinese, mixed with digits and Latin
  '潘展乐同款双肩包 2008北京奥运会纪念双肩背包 Beijing 2008 Olympics retro backpack iPhone15手机壳',
  // Japanese kana and kanji, Korean, Thai, Lao, Khmer
  'ひらがな カタカナ ｶﾀｶﾅ 東京タワー ラーメン屋さん 서울특별시 한국어 ภาษาไทยง่ายนิดเดียว ສະບາຍດີ ភាសាខ្មែរ',
  // full-width forms and ideographic punctuation
  'ＡＢＣ１２３ ０．５ １，０００ ＡＢＣ－ＤＥＦ 中文，标点。“引号”！？、',
  // emoji, modifiers, ZWJ sequences, flags, keycaps, variation selectors
  '🎒🎒 👍🏽 👨‍👩‍👧 🇨🇳🇫🇷 #️⃣ 1️⃣ ❤️ a🎒b 3🎒4 backpack🎒, mug!',
  // zero-width and format characters, soft hyphen, NBSP, other spaces, controls
  'a\u200bb a\u200cb a\u200db a\u00adb a\u00a0b a\u2009b a\u3000b a\tb a\nb a\r\nb a\u0000b a\u007fb \u0301a a\u0301',
  // whitespace-only, punctuation-only, empty-ish
  '   ',
  '!!! ... ，。 — …',
  '\u0301',
  "'",
  // the shapes of the fixture catalogue
  'Nordic bed sheets, a home favourite; ships within 48 hours.',
  '北欧床单，家居好物，48小时内发货。 Nordic bed sheets, a home favourite; ships within 48 hours.',
  'coffee | 咖啡 | food | 食品',
  // long texts that cross the 1024-unit chunk edges at joiners
  '3.14 2,000 a.b '.repeat(200),
  'x'.repeat(1023) + '.5 ' + 'y'.repeat(2000) + ',3',
  'ab1.'.repeat(700),
  '北京奥运会背包, Running backpacks. '.repeat(120),
];

describe('fast tokeniser path equals the plain segmenter path', () => {
  let data: MarketplaceData;
  beforeAll(async () => {
    data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
  });

  it('on every text field of fixtures/marketplace products and topics', () => {
    const texts: string[] = [];
    for (const p of data.products) texts.push(p.title, p.description, p.category, p.tags.join(' | '), ...p.tags);
    for (const t of data.topics) texts.push(t.text, ...t.tags);
    expect(data.products.length).toBe(400);
    expect(texts.length).toBeGreaterThan(2000);
    expect(mismatches(texts)).toEqual([]);
  });

  it('on tricky strings (scripts, numbers, contractions, URLs, emoji, full-width forms, chunk edges)', () => {
    expect(mismatches(TRICKY)).toEqual([]);
    // and each tricky string split into its space-separated pieces
    expect(mismatches(TRICKY.flatMap((t) => t.split(' ')))).toEqual([]);
  });

  it('gives the known words on ASCII edge cases (checked against ICU by hand)', () => {
    const words = (text: string): string[] => {
      const r = new Recorder();
      fastWords(text, 0, text.length, r);
      return r.words;
    };
    expect(words("3.14 2,000 1;2 don't a:b a.b a.1 1.a a;b")).toEqual(['3.14', '2,000', '1;2', "don't", 'a:b', 'a.b', 'a', '1', '1', 'a', 'a', 'b']);
    expect(words('user@mail.example.com https://x.y/z e-mail')).toEqual(['user', 'mail.example.com', 'https', 'x.y', 'z', 'e', 'mail']);
    expect(words("a''b 1,,2 x. .x 3.5kg")).toEqual(['a', 'b', '1', '2', 'x', 'x', '3.5kg']);
    // `_` joins words (ExtendNumLet), decided by ICU: alone it is not a word, two are
    expect(words('snake_case _ a_ __')).toEqual(['snake_case', 'a_', '__']);
  });

  it('splits words exactly as ICU on every ASCII triple between letters, digits, accents and Han', () => {
    // 128^3 strings is too slow for a unit test: every pair, plus triples over the classes' representatives.
    const reps = [..."aZ09.',:;_\"- \t\n@#%/|~\u0000\u007f"];
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
    const cores: string[] = [];
    for (const a of ascii) for (const b of ascii) cores.push(a + b);
    for (const a of reps) for (const b of reps) for (const c of reps) cores.push(a + b + c);
    let checked = 0;
    const bad: string[] = [];
    for (const wrap of ['', 'x', '7', 'é', '中']) {
      for (const core of cores) {
        const text = wrap + core + wrap;
        const fast = new Recorder();
        const icu = new Recorder();
        fastWords(text, 0, text.length, fast);
        icuWords(text, 0, text.length, icu);
        checked++;
        if (fast.words.join('\u0001') !== icu.words.join('\u0001')) bad.push(text);
      }
    }
    expect(checked).toBe(5 * (128 * 128 + reps.length ** 3));
    expect(bad).toEqual([]);
  });

  it('on seeded random strings over a mixed alphabet (property)', () => {
    const alphabet = fc.constantFrom(
      ...'abcxyzABC0123456789',
      ...".',:;_\"-/@#|!?() \t\n",
      ...'éÉüßñÅøœ\u0301\u0308\u200b\u200c\u200d\u00ad\u00a0\ufe0f\u20e3\u2019\u2018\u201c',
      ...'中国北京奥运会背包双肩〇𠀀',
      ...'ひらがなカタカナｶﾀ한국어서울ไทยภาษาМоскваёΑθήναאב״׳١٢٣',
      ...'０１２ＡＢ，。！？、\u3000',
      '🎒',
      '👍🏽',
      '🇨🇳',
      '👨‍👩‍👧',
      '\ud800',
      '\udc00',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(mismatches([text])).toEqual([]);
      }),
      { seed: 20261126, numRuns: 3000 },
    );
    // a few long ones, across chunk edges
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1000, maxLength: 3000 }), (chars) => {
        expect(mismatches([chars.join('')])).toEqual([]);
      }),
      { seed: 7, numRuns: 15 },
    );
  });

  it('after a batched prefetch of the ICU pieces (many pieces per ICU call, joined by line feeds)', () => {
    clearTokenizerMemos();
    prefetchTokenizer(TRICKY.flatMap((t) => t.split(' ')));
    expect(mismatches(TRICKY.flatMap((t) => t.split(' ')))).toEqual([]);
    const alphabet = fc.constantFrom(...'ab1.\' _"-\n\r\u0301\u200d中国奥运カナ한ไทยМé，。🎒'.split(''), '🇨🇳', '👍🏽');
    fc.assert(
      fc.property(fc.array(fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join('')), { minLength: 1, maxLength: 40 }), (texts) => {
        clearTokenizerMemos();
        prefetchTokenizer(texts);
        expect(mismatches(texts)).toEqual([]);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('detach copies a slice without changing it', () => {
    const text = 'Running backpacks for the 2008 Olympics, 北京奥运会背包 🎒 '.repeat(40);
    for (let len = 0; len <= 70; len++) {
      const slice = text.slice(7, 7 + len);
      expect(detach(slice)).toBe(slice);
      expect(detach(slice)).toHaveLength(len);
    }
  });

  it('returns a fresh array each call (memos never leak shared state)', () => {
    const a = tokenizeWith(DEFAULT, 'Running backpacks 北京奥运会');
    a.push('mutated');
    expect(tokenizeWith(DEFAULT, 'Running backpacks 北京奥运会')).toEqual(['run', 'backpack', '北京', '奥运', '会', '京奥', '运会']);
  });

  it('builds the same index as the plain path (term ids, documents, weighted frequencies, BM25)', () => {
    const products = data.products;
    // products repeated with new ids, so the field memo is hit
    const doubled = [...products, ...products.map((p) => ({ ...p, id: `${p.id}-copy` }))];
    const fast = ProductTextIndex.build(doubled);
    const plain = ProductTextIndex.build(doubled, {}, { plain: true });
    expect(fast.terms.size).toBe(plain.terms.size);
    expect(fast.terms.size).toBeGreaterThan(200);
    for (let t = 0; t < plain.terms.size; t++) expect(fast.terms.termAt(t)).toBe(plain.terms.termAt(t));
    for (let d = 0; d < doubled.length; d++) {
      const x = fast.docTerms(d)!;
      const y = plain.docTerms(d)!;
      expect(Array.from(x.terms)).toEqual(Array.from(y.terms));
      expect(Array.from(x.tf)).toEqual(Array.from(y.tf));
      expect(fast.docLength(d)).toBe(plain.docLength(d));
    }
    for (const topic of data.topics) {
      const a = fast.bm25(topic.text);
      const b = plain.bm25(topic.text);
      expect(Array.from(a.docs)).toEqual(Array.from(b.docs));
      expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    }
  });
});
