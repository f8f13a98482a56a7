/**
 * Traditional Chinese folded to simplified before tokenising (text/han-fold): topics and products
 * written in either script share their terms; other text is untouched.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Converter, Locale } from 'opencc-js/t2cn';
import { describe, expect, it } from 'vitest';
import { TABLE_PATH, foldPairs, tableSource } from '../../scripts/make-han-fold-table.js';
import { isHanCodePoint } from '../../src/text/han.js';
import { facetKey } from '../../src/signals/product-facets.js';
import { foldTraditional } from '../../src/text/han-fold.js';
import { tokenize, tokenizeWithSegmenter, TokenizerConfigSchema } from '../../src/text/tokenizer.js';

describe('foldTraditional', () => {
  it('writes traditional characters and Taiwan variants in simplified', () => {
    expect(foldTraditional('巴黎重現2008北京奧運會背包')).toBe('巴黎重现2008北京奥运会背包');
    expect(foldTraditional('雙肩背包 運動鞋 臺灣 裡面 頭髮')).toBe('双肩背包 运动鞋 台湾 里面 头发');
  });

  it('folds characters outside the BMP (surrogate pairs) and passes lone surrogates through', () => {
    // U+2005E folds to U+2003E; around it BMP text folds or stays as usual.
    expect(foldTraditional('x\u{2005E}奧\u{2005E}')).toBe('x\u{2003E}奥\u{2003E}');
    expect(foldTraditional('\uD840奧\uDC00運')).toBe('\uD840奥\uDC00运');
  });

  it('leaves simplified Chinese, Latin text and astral characters as they are', () => {
    for (const text of ['巴黎重现2008北京奥运会背包', '头发 干净 后来 什么 里面', 'Beijing 2008 Olympics retro backpack', '', '🎒 emoji', '𠀀𠀁 extension B']) {
      expect(foldTraditional(text)).toBe(text);
    }
    // Character by character: a traditional character simplified text also uses in some words
    // folds there too, the same on both sides of a match.
    expect(foldTraditional('著名')).toBe('着名');
    // Text without Han characters is returned as the same string, no conversion.
    const latin = 'running shoes, 42 EU';
    expect(foldTraditional(latin)).toBe(latin);
  });
});

describe('the fold of every code point (frozen)', () => {
  it('changes exactly the 3,226 characters of the OpenCC table, each to the same character as before', () => {
    // Every code point from U+0000 to U+10FFFF on its own: the ones the fold changes, as
    // `from>to` in hex, comma-joined in code point order. The fingerprint was taken from the
    // table as first generated (FOLD_FROM_DELTAS / FOLD_TO, commit 36e1ccb) before its encoding
    // changed, so any change of encoding must decode to the very same fold.
    const changed: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const c = String.fromCodePoint(cp);
      const folded = foldTraditional(c);
      if (folded !== c) changed.push(`${cp.toString(16)}>${[...folded].map((f) => f.codePointAt(0)!.toString(16)).join(' ')}`);
    }
    expect(changed.length).toBe(3226);
    expect(changed.slice(0, 3)).toEqual(['346f>3454', '3473>3447', '3476>3439']);
    expect(createHash('sha256').update(changed.join(',')).digest('hex')).toBe('f4865f9007f45f40d24981f6bf8c23bf8d43fe170785a7f2514d941b5e01c02d');
  });
});

describe('the tokeniser and facets fold both scripts to one set of terms', () => {
  const pairs: Array<[string, string]> = [
    ['巴黎重現2008北京奧運會背包 Paris', '巴黎重现2008北京奥运会背包 Paris'],
    ['專業瑜伽墊 運動', '专业瑜伽垫 运动'],
    ['摺疊轉換插頭 旅行', '摺叠转换插头 旅行'],
  ];

  it('traditional and simplified give the same terms on the fast and the plain path', () => {
    const cfg = TokenizerConfigSchema.parse({});
    for (const [traditional, simplified] of pairs) {
      expect(tokenize(traditional)).toEqual(tokenize(simplified));
      expect(tokenizeWithSegmenter(cfg, traditional)).toEqual(tokenize(simplified));
    }
    expect(tokenize('巴黎重現2008北京奧運會背包')).toContain('奥运');
  });

  it('category and tag keys fold too, so a topic tag 奧運 finds products tagged 奥运', () => {
    expect(facetKey(' 奧運 ')).toBe('奥运');
    expect(facetKey('Sport')).toBe('sport');
  });
});

/** The simplified forms of OpenCC's traditional-to-simplified character entries (what the fold never changes). */
function simplifiedForms(): Set<string> {
  const out = new Set<string>();
  for (const group of Locale.to.cn ?? []) {
    for (const dict of group) {
      if (typeof dict !== 'string') continue;
      for (const entry of dict.split('|')) {
        const [key, value] = entry.split(' ');
        if (key !== undefined && value !== undefined && [...key].length === 1 && [...value].length === 1) out.add(value);
      }
    }
  }
  return out;
}

describe('the generated table against opencc-js (a devDependency only)', () => {
  it('the committed src/text/han-fold-table.ts is what scripts/make-han-fold-table.ts makes', async () => {
    expect(await readFile(TABLE_PATH, 'utf8')).toBe(tableSource(foldPairs()));
  });

  it('folds every Han character as opencc-js/t2cn converts it, except simplified forms, which stay', () => {
    const convert = Converter({ from: 'tw', to: 'cn' });
    const keep = simplifiedForms();
    let compared = 0;
    let converted = 0;
    const differ: string[] = [];
    for (let cp = 0x3400; cp <= 0x323af; cp++) {
      if (!isHanCodePoint(cp)) continue;
      const c = String.fromCodePoint(cp);
      // The tokeniser folds after NFKC, which maps compatibility ideographs to unified ones.
      if (c.normalize('NFKC') !== c) continue;
      const folded = foldTraditional(c);
      if (keep.has(c)) {
        if (folded !== c) differ.push(`${c} (a simplified form) -> ${folded}`);
        continue;
      }
      compared++;
      const expected = convert(c);
      if (expected !== c) converted++;
      if (folded !== expected) differ.push(`${c}: ${folded}, OpenCC ${expected}`);
    }
    expect(differ).toEqual([]);
    // About 98,000 characters compared, some 3,200 of them changed by OpenCC: the check is not vacuous.
    expect(compared).toBeGreaterThan(90_000);
    expect(converted).toBeGreaterThan(3000);
  });
});
