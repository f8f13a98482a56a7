/**
 * The tokeniser's normalisation before word segmentation: invisible format characters pasted text
 * carries (zero-width characters, soft hyphen, direction marks, byte-order mark) vanish, and the
 * trademark signs separate words instead of turning into letters (NFKC writes `™` as `TM`).
 */
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/text/normalize.js';
import { tokenize } from '../../src/text/tokenizer.js';

describe('invisible format characters (D10)', () => {
  it('drops zero-width characters inside Han and Latin words', () => {
    expect(tokenize('背\u200b包')).toEqual(['背包']);
    expect(tokenize('奥运\u200d背包')).toEqual(['奥运', '背包', '运背']);
    expect(tokenize('back\u200bpack')).toEqual(['backpack']);
    expect(tokenize('back\u200cpacks')).toEqual(['backpack']);
    expect(tokenize('back\u2060pack \ufeffbackpack')).toEqual(['backpack', 'backpack']);
  });

  it('drops the soft hyphen, so a hyphenation point does not make an odd term', () => {
    expect(tokenize('back\u00adpack')).toEqual(['backpack']);
    expect(tokenize('Olym\u00adpics back\u00adpacks')).toEqual(['olymp', 'backpack']);
  });

  it('drops direction marks and isolates', () => {
    expect(tokenize('back\u200epack \u2066nike\u2069 \u202bback\u202cpack')).toEqual(['backpack', 'nike', 'backpack']);
  });

  it('gives a pasted title the terms of the clean one', () => {
    const clean = tokenize('2008北京奥运背包 Olympics backpack');
    expect(tokenize('2008北京奥运背\u200b包 Olympics back\u00adpack')).toEqual(clean);
  });
});

describe('trademark signs (D5)', () => {
  it('separates ™ and ℠ from the word they follow (NFKC would glue TM and SM to it)', () => {
    expect(tokenize('Nike™ Air Max')).toEqual(['nike', 'air', 'max']);
    expect(tokenize('Nike™Air')).toEqual(['nike', 'air']);
    expect(tokenize('Acme℠ service')).toEqual(['acm', 'servic']);
  });

  it('keeps ® and © out of words', () => {
    expect(tokenize('Nike® Air ©2020 LEGO®')).toEqual(['nike', 'air', '2020', 'lego']);
  });
});

describe('normalizeText', () => {
  it('applies the marks, NFKC, the traditional fold and lower case', () => {
    expect(normalizeText('Ｔ恤 Nike™ 奧運 back\u00adpack')).toBe('t恤 nike  奥运 backpack');
  });

  it('lower-cases as the tokeniser always did (İ becomes two units)', () => {
    expect(normalizeText('İSTANBUL 奧運')).toBe('i̇stanbul 奥运');
  });
});
